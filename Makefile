# Shortcuts for those who have make; each calls run.py, which works without it (e.g. on Windows).
.PHONY: lab test bench lock
lab:
	python3 run.py lab
test:
	python3 run.py test
bench:
	python3 run.py bench
lock:
	python3 run.py lock
