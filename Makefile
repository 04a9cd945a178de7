# Stipple: the two commands.
#
#   make run     install what is missing, build, and start Stipple on your data folder
#   make test    the whole test suite, then again under AddressSanitizer + UBSan
#   make bench   the benchmarks (not part of make test)
#
# run, test and bench first install the Debian packages they need (through sudo when not
# root), so a fresh Debian 12 machine needs nothing else.

SHELL := /bin/bash

BUILD ?= build
ASAN_BUILD ?= build-asan
PYTHON := /usr/bin/python3

PACKAGES := \
	libgtk-4-dev libadwaita-1-dev libnotify-dev libsqlite3-dev libjson-glib-dev \
	libgdk-pixbuf-2.0-dev libcairo2-dev heif-gdk-pixbuf libheif-examples libical-dev \
	meson ninja-build pkg-config gcc libc6-dev gettext \
	desktop-file-utils appstream-util libglib2.0-bin libglib2.0-dev-bin \
	xvfb xauth dbus dbus-x11 python3 python3-dbusmock xdotool x11-utils imagemagick \
	librsvg2-common fonts-cantarell adwaita-icon-theme poppler-utils locales

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get
# One D-Bus session and one X server around a whole run (see shared TESTING.md).
HEADLESS := dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24 -noreset"
MESON_TEST := meson test --num-processes 2 --print-errorlogs
ASAN_SETUP_OPTIONS := --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

# Configures a build folder once; later builds let ninja reconfigure by itself.
# $(1): folder, $(2): extra meson options.
define setup
	if [ ! -f $(1)/build.ninja ]; then \
	  meson setup $(1) $(2) || meson setup --wipe $(1) $(2); \
	fi
endef

.PHONY: all deps build run test bench clean

all: build

deps:
	@missing=""; \
	for pkg in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$pkg" 2>/dev/null | grep -q 'install ok installed' \
	    || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing packages:$$missing"; \
	  $(APT) update -q && $(APT) install -y -q --no-install-recommends $$missing \
	    || { echo "Could not install:$$missing (run 'make deps' as root or with sudo)" >&2; \
	         exit 1; }; \
	fi

build: deps
	@$(call setup,$(BUILD),)
	meson compile -C $(BUILD)

# The schema is compiled into $(BUILD)/data; an uninstalled run finds it there.
run: build
	GSETTINGS_SCHEMA_DIR="$(CURDIR)/$(BUILD)/data$${GSETTINGS_SCHEMA_DIR:+:$$GSETTINGS_SCHEMA_DIR}" \
	  ./$(BUILD)/app/stipple

# Both runs always happen; the last line counts them together. A run whose build failed
# leaves no test log, which tests/summarize.py counts as one failure.
test: deps
	@status=0; \
	rm -f $(BUILD)/meson-logs/testlog.json $(ASAN_BUILD)/meson-logs/testlog.json; \
	echo "== Tests: $(BUILD)"; \
	$(call setup,$(BUILD),); \
	if meson compile -C $(BUILD); then \
	  $(HEADLESS) $(MESON_TEST) -C $(BUILD) || status=1; \
	else \
	  echo "make test: the build in $(BUILD) failed" >&2; status=1; \
	fi; \
	echo "== Tests: $(ASAN_BUILD) (AddressSanitizer + UndefinedBehaviorSanitizer)"; \
	$(call setup,$(ASAN_BUILD),$(ASAN_SETUP_OPTIONS)); \
	meson configure $(ASAN_BUILD) $(ASAN_SETUP_OPTIONS) >/dev/null; \
	if meson compile -C $(ASAN_BUILD); then \
	  $(HEADLESS) $(MESON_TEST) -C $(ASAN_BUILD) --timeout-multiplier 3 || status=1; \
	else \
	  echo "make test: the build in $(ASAN_BUILD) failed" >&2; status=1; \
	fi; \
	echo "== Summary"; \
	$(PYTHON) tests/summarize.py \
	  $(BUILD)/meson-logs/testlog.json $(ASAN_BUILD)/meson-logs/testlog.json || status=1; \
	exit $$status

# Benchmarks print "bench <name>: ..." lines; they never fail for being slow.
bench: build
	@status=0; \
	rm -f $(BUILD)/meson-logs/benchlog.json; \
	$(HEADLESS) meson test -C $(BUILD) --benchmark --logbase benchlog --print-errorlogs \
	  || status=1; \
	echo "== Benchmarks"; \
	$(PYTHON) tests/summarize.py --bench $(BUILD)/meson-logs/benchlog.json || status=1; \
	exit $$status

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
