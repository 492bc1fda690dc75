# Standalone app: `make bundle` (dist/defence-planner/ + the Linux .tar.gz), `make deb`,
# `make bundle-onefile`, `make bundle-check` (what CI runs). Included from the Makefile.
.PHONY: bundle bundle-onefile deb bundle-check

bundle: venv syslibs
	$(PY) -m PyInstaller --noconfirm --log-level WARN build.spec
	PY=$(PY) sh packaging/make_tarball.sh

bundle-onefile: venv syslibs
	$(PY) -m PyInstaller --noconfirm --log-level WARN --distpath dist/onefile --workpath build/onefile build.spec -- --onefile

deb: bundle
	PY=$(PY) sh packaging/make_deb.sh

bundle-check: venv syslibs
	PY=$(PY) bash packaging/ci_bundle.sh
