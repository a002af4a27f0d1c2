"""Every change to a complaint, one function each. Views, the API and commands call these;
nothing else saves complaint models. Each runs in one transaction with its audit event."""
