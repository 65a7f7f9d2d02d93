# Flotilla's front door. `make demo` to see it work, `make test` to test it.
SHELL := /bin/bash
MVN ?= mvn -B
SOURCES := $(shell find . -path ./.flotilla -prune -o \( -name pom.xml -o -path '*/src/*' \) -type f -print 2>/dev/null | grep -v /target/)
BUILD_STAMP := .flotilla/build.stamp

.PHONY: help build test demo up down status clean format

help:
	@echo "make demo    start everything, push two commits through 3 simulated clusters, print a report"
	@echo "make test    the whole test suite (starts and stops its own Kafka and PostgreSQL)"
	@echo "make up      run the platform in the background (logs folder is printed); make down stops it"
	@echo "make status  what is running"
	@echo "make build   package the services (skips tests)"
	@echo "make format  apply the code format (google-java-format)"

# Packages every module once its sources changed; the stamp avoids rebuilding for every make up.
$(BUILD_STAMP): $(SOURCES)
	@echo "building Flotilla (mvn package, tests skipped)..."
	$(MVN) -q -DskipTests package
	@mkdir -p $(dir $@) && touch $@

build: $(BUILD_STAMP)

test:
	deploy/local/test.sh

demo: build
	deploy/local/demo.sh

up: build
	deploy/local/platform.sh up

down:
	deploy/local/platform.sh down

status:
	deploy/local/platform.sh status

format:
	$(MVN) -q spotless:apply

clean:
	-deploy/local/platform.sh down
	$(MVN) -q clean
	rm -f $(BUILD_STAMP)

# --- the flotilla CLI (cli/, bin/flotilla) ------------------------------------------------
BINDIR ?= $(HOME)/.local/bin

.PHONY: install k8s-validate

# Puts the flotilla launcher on the PATH: a symlink $(BINDIR)/flotilla -> bin/flotilla.
install: build
	@mkdir -p "$(BINDIR)"
	ln -sf "$(CURDIR)/bin/flotilla" "$(BINDIR)/flotilla"
	@echo "installed $(BINDIR)/flotilla -> $(CURDIR)/bin/flotilla"
	@case ":$$PATH:" in *":$(BINDIR):"*) ;; *) echo "$(BINDIR) is not on your PATH: export PATH=\"$(BINDIR):\$$PATH\"";; esac
	@echo "shell completion: source <(flotilla generate-completion)"

# Renders every deploy/kubernetes overlay and checks the objects (DeployManifestsTest: fabric8
# model, labels, probes, security context, topics, Dockerfiles). Needs kubectl (Kustomize v5).
k8s-validate:
	@for o in deploy/kubernetes/overlays/*/; do \
	  kubectl kustomize "$$o" >/dev/null && echo "kustomize ok: $$o" || exit 1; \
	done
	$(MVN) -q -pl cli -am test -Dtest=DeployManifestsTest -Dsurefire.failIfNoSpecifiedTests=false

# --- fleet-scale benchmarks (bench/fleet, bench/README.md) ----------------------------------
.PHONY: bench bench-full

# Quick sizes of every fleet scenario (cold sync + resources, no-op resync, one-app change,
# scale-out over 1 and 2 applier instances); results and plots in bench/results/.
bench: build
	bench/fleet/run.sh quick

# Full sizes: 1,000 apps x 10 clusters x 4 objects; scale-out at 1, 2 and 3 applier instances.
bench-full: build
	bench/fleet/run.sh full

# --- fault tests (issue 9): the whole platform while parts fail -----------------------------------
.PHONY: test-faults

# FaultsIT: cluster 500/429/timeouts, a cluster unreachable, an applier instance, the renderer and
# the Kafka broker SIGKILLed, PostgreSQL stopped 30 s. It starts its own Kafka (29192) and
# PostgreSQL (29532), so it needs neither `make test`'s nor `make up`'s. Several minutes.
test-faults: build
	FLOTILLA_FAULTS=1 $(MVN) -pl e2e verify -Dit.test=FaultsIT -Dtest=none \
	  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
