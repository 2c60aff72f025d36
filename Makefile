# Two commands for a newcomer: `make serve` (preview the site) and `make test`.
VENV      := .venv
PYTHON    := $(VENV)/bin/python
MKDOCS    := $(VENV)/bin/mkdocs
export PYTHONPATH := $(CURDIR)/hooks
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve edit check test new benchmark clean

# The virtual environment is rebuilt whenever a pinned requirement changes. CairoSVG
# (toolkit previews) needs the cairo C library and the artwork's font (Liberation Sans):
# Debian's packages when they are missing.
$(VENV)/.site-installed: requirements.txt
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	(ldconfig -p | grep -q 'libcairo\.so\.2' && fc-list | grep -q 'Liberation Sans') || (apt-get update -q && apt-get install -y -q libcairo2 fontconfig fonts-liberation)
	touch $@

$(VENV)/.test-installed: requirements-test.txt $(VENV)/.site-installed
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

## check: validate all content, without building
check: $(VENV)/.site-installed
	$(PYTHON) -m crm check

## site: validate, then build into a folder of its own and swap it in for site/ in one step
## (a second `make site` waits for the first; a stopped build leaves the previous site/)
site: check node_modules/.installed
	$(PYTHON) -m crm.publish

## serve: live preview on http://127.0.0.1:8000 (drafts shown with a banner); after a save,
## only the pages the save changes are drawn again (--dirtyreload, see hooks/mkdocs_hooks.py)
serve: check node_modules/.installed
	$(MKDOCS) serve --dirtyreload --dev-addr 127.0.0.1:8000

## edit: make serve, plus the editor at http://127.0.0.1:8000/admin/ saving into this clone
## (decap-server, listening on 127.0.0.1:8081 only; stopped with make serve)
edit: check node_modules/.installed
	BIND_HOST=127.0.0.1 PORT=8081 GIT_REPO_DIRECTORY="$(CURDIR)" node node_modules/decap-server/dist/index.js & \
	trap 'kill $$!' EXIT INT TERM; \
	$(MKDOCS) serve --dirtyreload --dev-addr 127.0.0.1:8000

# The editor (Decap CMS, decap-server, yaml) and axe-core for the accessibility tests,
# at the versions package-lock.json pins.
node_modules/.installed: package-lock.json
	command -v npm >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q npm)
	npm ci --no-audit --no-fund --silent
	touch $@

## test: install what the tests need (Chromium from Debian when missing), then run them
test: $(VENV)/.test-installed node_modules/.installed
	command -v chromium >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q chromium)
	command -v node >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q nodejs)
	$(PYTHON) -m pytest -q

## new: a draft record to fill in, e.g. make new COLLECTION=practices SLUG=my-practice
new: $(VENV)/.site-installed
	$(PYTHON) -m crm new "$(COLLECTION)" "$(SLUG)"

$(VENV)/.bench-installed: requirements-bench.txt $(VENV)/.test-installed
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $@

## benchmark: print timings and sizes on synthetic records: check, build, live reload, search, bandwidth; search relevance and stemmers on the shipped records
benchmark: $(VENV)/.bench-installed
	$(PYTHON) benchmarks/check.py
	$(PYTHON) benchmarks/build.py
	$(PYTHON) benchmarks/serve.py
	$(PYTHON) benchmarks/search.py
	$(PYTHON) benchmarks/relevance.py
	$(PYTHON) benchmarks/stemmers.py
	$(PYTHON) benchmarks/bandwidth.py
	$(PYTHON) benchmarks/holdings.py

clean:
	rm -rf site .site-builds
