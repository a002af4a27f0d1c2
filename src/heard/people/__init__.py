"""People: users, staff roles, independent officers and their appointments to cases."""
