# The course's commands. `make lab` and `make test` are all a newcomer needs (see README).
# With the conda environment from environment.yml active, its Python is used; otherwise a
# virtual environment in .venv is made from environment.yml's pip list.

ifeq ($(CONDA_DEFAULT_ENV),nn-architectures)
BIN := $(CONDA_PREFIX)/bin/
STAMP := .conda-env
else
BIN := .venv/bin/
STAMP := .venv/.installed
endif
PYTHON ?= python3
ARGS ?=
# Every command below finds the environment's programs first: nbgrader runs `alembic` by name
# (without it the Formgrader's first page never loads), jupyter runs its own subcommands.
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: setup lab lint test release benchmark mutation-score grading-benchmark gpu-check

setup: $(STAMP)

.venv/.installed: environment.yml pyproject.toml .ci/requirements.py
	test -x .venv/bin/python || $(PYTHON) -m venv .venv
	.venv/bin/python .ci/requirements.py environment.yml > .venv/requirements.txt
	.venv/bin/python -m pip install --disable-pip-version-check -q -r .venv/requirements.txt
	touch $@

.conda-env:
	@true

# JupyterLab with nbgrader's extensions, reading jupyter_config.py (and labconfig/) from this
# folder, opened on the first notebook. The root stays this folder: a notebook named alone would
# make its own folder the root, outside which the Formgrader does not work. The exchange must
# exist when the server starts, or the Formgrader offers no Release and Collect.
lab: setup
	mkdir -p exchange
	JUPYTER_CONFIG_PATH="$(CURDIR)" $(BIN)jupyter lab --ServerApp.root_dir="$(CURDIR)" \
		release/00_setup/00_setup.ipynb $(ARGS)

# ruff (settings in pyproject.toml): lint, then check the formatting, of the code and the source
# notebooks. `ruff format $(LINTED)` formats them.
LINTED := course autograder tests source jupyter_config.py
lint: setup
	$(BIN)ruff check $(LINTED)
	$(BIN)ruff format --check $(LINTED)

# The lint, then unit tests, the checks, nbval over the source notebooks and the nbgrader round trip.
# Two workers share two cores, so each kernel gets one thread: more makes torch's threads wait
# for one another and a 15-second notebook takes minutes.
test: setup lint
	OMP_NUM_THREADS=1 $(BIN)python -m pytest -n 2 --dist loadfile $(ARGS)

# Regenerate the student notebooks in release/ from source/ (commit the result).
release: setup
	$(BIN)python -m autograder.tools.release $(ARGS)

# Time every source notebook against its 60-second budget, two at once, one thread per kernel as in
# `make test` (on a busy machine torch's default threads wait for one another).
benchmark: setup
	OMP_NUM_THREADS=1 $(BIN)python -m autograder.tools.benchmark $(ARGS)

# The mutation score of each assignment (ARGS: assignments, --all, --size N): small automatic
# changes to the reference solutions, graded with the round trip's fast path; the survivors are
# what no graded cell checks. A benchmark, like `make benchmark`, not a test.
mutation-score: setup
	OMP_NUM_THREADS=1 $(BIN)python -m autograder.tools.mutation_score $(ARGS)

# Grade a class of generated submissions serially with nbgrader and in parallel, and compare.
grading-benchmark: setup
	$(BIN)python -m autograder.tools.grading_benchmark $(ARGS)

# On a CUDA GPU: the CUDA-only paths (float16 autocast, pinned memory, non-blocking copies), then
# every source notebook on the CPU and on the GPU, as a table. Without a GPU it says so.
gpu-check: setup
	$(BIN)python -m autograder.tools.gpu_check $(ARGS)
