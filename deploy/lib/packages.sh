# Installing what the scripts need from Debian's packages and PyPI. Sourced by common.sh.

# --- packages -------------------------------------------------------------
# Installed, not only known: a removed package keeps its configuration, and `dpkg -s` its record.
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }

ensure_packages() {
  local missing=()
  installed librabbitmq-dev || missing+=(librabbitmq-dev)
  installed libpq-dev || missing+=(libpq-dev)
  [ -n "$EXTERNAL_PG" ] || installed postgresql-15 || missing+=(postgresql-15)
  [ -n "$EXTERNAL_AMQP" ] || installed rabbitmq-server || missing+=(rabbitmq-server)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v nginx >/dev/null 2>&1 || missing+=(nginx-light)
  command -v envsubst >/dev/null 2>&1 || missing+=(gettext-base)
  if [ "${#missing[@]}" -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "missing Debian packages (${missing[*]}); install them as root"
    log "installing ${missing[*]}"
    apt-get update -qq
    apt_install "${missing[@]}"
  fi
  command -v swift >/dev/null 2>&1 || [ -x /opt/swift/usr/bin/swift ] || die "Swift 6 is not installed"
  command -v swift >/dev/null 2>&1 || export PATH=/opt/swift/usr/bin:$PATH
}

# The Python packages the end-to-end tests and the benchmarks use (pika, psycopg, …).
ensure_python_packages() {
  python3 -c 'import pika, psycopg, requests, jsonschema, pytest, selenium, axe_selenium_python' 2>/dev/null && return
  log "installing the Python packages of Tests/EndToEnd/requirements.txt"
  python3 -m pip install -q --disable-pip-version-check -r "$ROOT/Tests/EndToEnd/requirements.txt"
}

# One Debian package a single script needs (a test or benchmark tool), saying why.
ensure_package() {
  local package=$1 why=$2
  installed "$package" && return
  [ "$(id -u)" = 0 ] || die "install $package (apt-get install $package): $why"
  log "installing $package ($why)"
  # A machine whose package lists are old or missing: read them, then try again.
  apt_install "$package" 2>/dev/null || { apt-get update -qq && apt_install "$package"; }
}

# apt-get install, quietly; the packages' own init scripts must not start system-wide
# servers (PostgreSQL, RabbitMQ, Prometheus), so a policy refuses them for the while.
apt_install() {
  local policy=/usr/sbin/policy-rc.d created_policy=
  if [ ! -e $policy ]; then printf '#!/bin/sh\nexit 101\n' > $policy; chmod +x $policy; created_policy=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  [ -z "$created_policy" ] || rm -f $policy
}

# --- PostgreSQL -------------------------------------------------------------
