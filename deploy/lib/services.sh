# OneDoor itself: build, migrate, secrets, and the services from deploy/services.tsv. Sourced by common.sh.

# --- OneDoor ----------------------------------------------------------------
# A first release build takes about 10 minutes on 2 cores: a progress line every
# 30 s says how far it is, errors and warnings are shown as they come.
build() {
  local extra=${1:-} status
  log "building (swift build -c $BUILD_CONFIG${extra:+ $extra}; a first build takes minutes, progress every 30 s)"
  set +e
  (cd "$ROOT" && swift build -c "$BUILD_CONFIG" $extra 2>&1) | build_progress
  status=${PIPESTATUS[0]}
  set -e
  [ "$status" = 0 ] || die "build failed (swift build exited $status)"
  bin_path
  [ -x "$BIN/onedoor-intake" ] || die "build failed"
}
build_progress() {
  local line last=$SECONDS start=$SECONDS
  while IFS= read -r line; do
    case "$line" in
      *error:*|*"warning: "*.swift*|*"Build complete"*) printf '%s\n' "$line" >&2 ;;
      \[*/*\]*|Fetching*|Computing*|Creating*|Working*)
        if (( SECONDS - last >= 30 )); then
          last=$SECONDS; log "building: ${line:0:70} ($((SECONDS - start)) s)"
        fi ;;
    esac
  done
}
# Where this instance's binaries are (without building).
bin_path() { BIN=$(cd "$ROOT" && swift build -c "$BUILD_CONFIG" --show-bin-path); }

# Migrations, then the district's reference data (docs/reference-data.md).
migrate() {
  log "applying migrations"
  "$BIN/onedoor-admin" migrate --directory "$ROOT/deploy/migrations"
  log "applying reference data ${ONEDOOR_REFERENCE_FILE:-deploy/reference/sample-district.yaml}"
  "$BIN/onedoor-admin" reference apply --actor "deploy/$INSTANCE" \
    "${ONEDOOR_REFERENCE_FILE:-$ROOT/deploy/reference/sample-district.yaml}"
}

# The secrets: ONEDOOR_IDENTITY_KEY (petitioners' identity data), ONEDOOR_AUTH_SECRET (staff
# tokens) and ONEDOOR_PUBLIC_SECRET (the status page's sessions and forms), each from the
# environment, else made once per instance in $STATE (root-only). The notifier writes its
# messages to .local/<instance>/notifications.log unless ONEDOOR_SMS_PROVIDER=webhook.
secret() {
  local var=$1 file=$STATE/$2
  if [ -z "${!var:-}" ]; then
    mkdir -p "$STATE"
    [ -s "$file" ] || (umask 077; od -An -tx1 -N32 /dev/urandom | tr -d ' \n' > "$file")
    printf -v "$var" '%s' "$(cat "$file")"
  fi
  export "${var?}"
}
secrets() {
  secret ONEDOOR_IDENTITY_KEY identity.key; secret ONEDOOR_AUTH_SECRET auth.key; secret ONEDOOR_PUBLIC_SECRET public.key
  mkdir -p "$ROOT/.local/$INSTANCE"
  export ONEDOOR_SMS_LOG_FILE=${ONEDOOR_SMS_LOG_FILE:-$ROOT/.local/$INSTANCE/notifications.log}
  export ONEDOOR_ATTACHMENTS_DIR=${ONEDOOR_ATTACHMENTS_DIR:-$STATE/attachments}
}

# Each service's own database role on the local server (an external one: the URL given).
service_postgres_url() {
  if [ -n "$EXTERNAL_PG" ]; then echo "$ONEDOOR_POSTGRES_URL"; return; fi
  echo "postgresql://${SERVICE_DB_ROLE[$1]}:onedoor@127.0.0.1:$PG_PORT/onedoor"
}

# Each service's own broker user on the local server (an external one: the URL given).
service_amqp_url() {
  [ "${SERVICE_BROKER_USER[$1]}" != - ] || return 0  # reads the database only: no broker credentials
  if [ -n "$EXTERNAL_AMQP" ]; then echo "$ONEDOOR_AMQP_URL"; return; fi
  echo "amqp://${SERVICE_BROKER_USER[$1]}:onedoor@127.0.0.1:$AMQP_PORT/onedoor"
}

start_services() {
  mkdir -p "$STATE/logs" "$STATE/pids"
  for name in "${SERVICES[@]}"; do
    local pidfile="$STATE/pids/$name.pid"
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      log "$name already running (pid $(cat "$pidfile"))"; continue
    fi
    ONEDOOR_POSTGRES_URL=$(service_postgres_url "$name") ONEDOOR_AMQP_URL=$(service_amqp_url "$name") \
      setsid "$BIN/onedoor-$name" >>"$STATE/logs/$name.log" 2>&1 </dev/null &
    echo $! > "$pidfile"
  done
  for name in "${SERVICES[@]}"; do wait_healthy "$name"; done
}

wait_healthy() {
  local name=$1 port; port=$(service_port "$1")
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && { log "$name healthy on :$port"; return; }
    sleep 0.5
  done
  tail -20 "$STATE/logs/$name.log" >&2
  die "$name did not become healthy on :$port"
}

stop_services() {
  for name in "${SERVICES[@]}"; do
    local pidfile="$STATE/pids/$name.pid"
    [ -f "$pidfile" ] || continue
    local pid; pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    rm -f "$pidfile"
  done
}


# The sample district's demo accounts, one per role (a handler for each of two departments, two
# experts, a town clerk), with random passwords, listed in $STATE/demo-accounts.txt: one account
# a line, "login role scope-or-- password". Made once per instance; kept while the accounts are.
demo_accounts() {
  local file="$STATE/demo-accounts.txt" login role scope name password args
  if [ -s "$file" ] && "$BIN/onedoor-admin" staff list | grep -q "^admin	"; then
    log "demo accounts: $file"; return
  fi
  log "creating the sample district's demo accounts in $file"
  (umask 077; : > "$file.new")
  while read -r login role scope name; do
    password=$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')
    args=(--login "$login" --name "$name" --role "$role")
    case $role in
      department) args+=(--department "$scope") ;;
      expert) args+=(--expert "$scope") ;;
      *) [ "$scope" = - ] || args+=(--town "$scope") ;;
    esac
    printf '%s\n' "$password" | "$BIN/onedoor-admin" staff add "${args[@]}" --password-stdin >/dev/null 2>&1 \
      || printf '%s\n' "$password" | "$BIN/onedoor-admin" staff reset-password "$login" --password-stdin >/dev/null \
      || die "could not make the demo account $login"
    echo "$login $role $scope $password" >> "$file.new"
  done <<'LIST'
admin admin - 系统管理员
clerk clerk - 李娜
clerk-xiawa clerk xiawa 张敏
dispatcher dispatcher - 赵强
handler-urban department urban 王伟
handler-labour department labour 陈静
expert-kl01 expert kl-01 刘建国
expert-city01 expert city-01 陈光
followup followup - 孙丽
supervisor supervisor - 周平
LIST
  mv "$file.new" "$file"
}
