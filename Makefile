# Shortcuts for the README's commands (the scripts need only bash, so a fresh machine without
# make can run them directly).
.PHONY: run test lint bench

run:
	scripts/run

test:
	scripts/test

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

bench:
	scripts/bootstrap.sh test
	.venv/bin/python bench/working_days.py
