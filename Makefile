# Praxis-Assistent. The two commands for a fresh machine are `make run` and `make test`.
VENV     := .venv
PYTHON   := $(VENV)/bin/python
RASA     := $(VENV)/bin/rasa
MODEL    := models/praxis-assistent.tar.gz
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL   := 2

# Everything the trained model depends on; a change retrains it.
TRAINING_INPUTS := config.yml domain.yml red_flags.yml $(wildcard data/*.yml) \
                   $(wildcard red_flag_corpus/train/*.yml) \
                   $(filter-out components/tracker_store.py components/lock_store.py,$(wildcard components/*.py)) \
                   $(VENV)/spacy-pipeline.txt

.PHONY: setup train run test bench clean check review content purge lint format setup-prod run-prod \
        test-prod publish versions rollback delete

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt constraints.txt package-lock.json scripts/setup.sh
	bash scripts/setup.sh
	touch $@

$(VENV)/spacy-pipeline.txt: $(VENV)/.installed

train: $(MODEL)

# The model the tests use (the live assistant answers with a published version).
# Rasa's training cache retrains only what changed (components/fingerprint.py).
$(MODEL): $(VENV)/.installed $(TRAINING_INPUTS)
	$(RASA) train --fixed-model-name praxis-assistent --out models
	@touch $@

# Rasa server (REST channel and API, port 5005), action server (5055), web page (8080),
# answering with the live published version; the first start publishes one.
# Ports, CORS origins and the token file: settings.env.
run: $(VENV)/.installed
	bash scripts/run.sh

# Production profile (docs/betrieb.md): nginx (8405), two Rasa
# instances (5405, 5406), action server (5455), PostgreSQL, Redis (6405). Needs root.
setup-prod: $(VENV)/.installed
	bash scripts/setup_prod.sh

run-prod: setup-prod
	bash scripts/run_prod.sh

# Tests of the production profile (a few minutes; root): shared history across
# instances, a killed instance, a restart, concurrent messages (lock store).
test-prod: $(MODEL) setup-prod
	PRAXIS_TEST_PROD=1 $(PYTHON) -m pytest tests/test_prod_profile.py tests/test_lock_store.py tests/test_deploy.py

# All tests: unit tests, data validation, NLU held-out accuracy, red flags and
# opening hours over REST, end-to-end test stories.
test: $(MODEL)
	bash scripts/test.sh

# The speed table next to the stock `rasa init` assistant (not part of
# the tests; ~10 min). Quicker, without the training time: make bench ARGS=--ohne-training
bench: $(MODEL)
	$(PYTHON) scripts/bench.py $(ARGS)

# Style: ruff finds errors and unsorted imports; `make format` rewrites the code.
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check actions channels components publishing staff scripts tests
	$(VENV)/bin/ruff format --check actions channels components publishing staff scripts tests

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix actions channels components publishing staff scripts tests
	$(VENV)/bin/ruff format actions channels components publishing staff scripts tests

# --- For the practice staff (docs/praxisteam.md) ---------------------------------
# Checks every file staff edit, in seconds, with file and line (no training).
check: $(VENV)/.installed
	$(PYTHON) -m staff.check $(ARGS)

# What patients asked that the assistant did not understand: make review ARGS="--since 2026-11-01"
review: $(VENV)/.installed
	$(PYTHON) -m staff.review $(ARGS)

# One HTML page with every answer, example question, the hours and the warning signs.
content: $(VENV)/.installed
	$(PYTHON) -m staff.content_page

# Deletes conversations older than the retention period (practice.yml, datenschutz).
purge: $(VENV)/.installed
	$(PYTHON) -m staff.purge $(ARGS)

# Deletes one conversation on a patient's request: make delete CODE=3f9a1c07
# (the conversation number the chat window shows).
delete: $(VENV)/.installed
	$(PYTHON) -m staff.delete "$(CODE)" $(ARGS)

# Checks, trains beside the running assistant, runs the safety test and switches the
# running assistant (make run or make run-prod) to the new version without a restart.
publish: $(VENV)/.installed
	$(PYTHON) -m staff.publish publish $(ARGS)

# The published versions with what changed; the live one is marked.
versions: $(VENV)/.installed
	$(PYTHON) -m staff.publish versions

# Back to the version before the live one (or ARGS="--version ID"), without a restart.
rollback: $(VENV)/.installed
	$(PYTHON) -m staff.publish rollback $(ARGS)

# Keeps the published versions (models/versionen) and the conversations (rasa.db).
clean:
	rm -rf models/*.tar.gz .rasa results
