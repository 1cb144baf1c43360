# TestOps: every target calls the build or the CLI; see README.md.
MVN ?= ./mvnw -B
USERS ?= 1000

SUITE ?= full

.PHONY: run test build lint format golden bench clean testops-regression reports

## run: build TestOps and serve it on http://127.0.0.1:8000 (API, live events, run queue; Ctrl-C stops it)
run: build
	./testops serve --port 8000

## testops-regression: run a suite in-process (SUITE=full|regression_core|smoke), JUnit XML in reports/junit/
testops-regression: build
	./testops run --suite $(SUITE) --junit reports/junit/testops-$(SUITE).xml

## reports: render every run's master report again from the history (reports/master/, reports/index.html)
reports: build
	./testops report --all

## test: every test and check (formatting, enforcer rules, unit, golden, architecture and browser tests, coverage); installs Chromium when missing
test:
	bash .ci/install
	$(MVN) verify

## build: the runnable jar (testops-app/target/testops.jar), skipping tests
build:
	$(MVN) -q -DskipTests -Djacoco.skip=true package

## lint: the build's style and dependency checks, without running tests
lint:
	$(MVN) -q spotless:check enforcer:enforce

## format: apply the build's formatter (google-java-format through Spotless)
format:
	$(MVN) -q spotless:apply

## golden: rewrite the golden files from the current code (review the diff before committing)
golden:
	$(MVN) -q -pl testops-core,testops-load -am verify -Dtestops.golden.update=true -Dtest='Golden*,K6SummaryTest' -Dsurefire.failIfNoSpecifiedTests=false

## bench: the SIM benchmark (prints its figures; see README "Speed")
bench: build
	bench/sim-bench

clean:
	$(MVN) -q clean
