# The gateway: nginx on the entry port, proxying to the services. Sourced by common.sh.

# --- the gateway (nginx on the entry port) ----------------------------------
start_gateway() {
  local dir="$STATE/gateway"
  mkdir -p "$dir/tmp" "$STATE/logs"
  chown nobody: "$dir/tmp" 2>/dev/null || true
  # Each service's upstream (ONEDOOR_<NAME>_UPSTREAM in the template), from the services table.
  local name upstreams=() variables='${ONEDOOR_GATEWAY_LISTEN} ${ONEDOOR_GATEWAY_ACCESS_LOG}'
  for name in "${SERVICES[@]}"; do
    upstreams+=("ONEDOOR_${name^^}_UPSTREAM=127.0.0.1:$(service_port "$name")")
    variables+=" \${ONEDOOR_${name^^}_UPSTREAM}"
  done
  env "${upstreams[@]}" ONEDOOR_GATEWAY_LISTEN="127.0.0.1:$ONEDOOR_GATEWAY_PORT" \
    ONEDOOR_GATEWAY_ACCESS_LOG="$STATE/logs/gateway-access.log" \
    envsubst "$variables" < "$ROOT/deploy/gateway/onedoor.conf.template" > "$dir/onedoor.conf"
  cat > "$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $STATE/logs/gateway-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;  # the server block logs, without query strings
    server_tokens off;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    include $dir/onedoor.conf;
}
CONF
  if [ -s "$dir/nginx.pid" ] && kill -0 "$(cat "$dir/nginx.pid")" 2>/dev/null; then
    nginx -q -c "$dir/nginx.conf" -s reload
  else
    nginx -q -c "$dir/nginx.conf" || die "the gateway (nginx) did not start; see $STATE/logs/gateway-error.log"
  fi
  log "gateway on 127.0.0.1:$ONEDOOR_GATEWAY_PORT"
}

stop_gateway() {
  local dir="$STATE/gateway"
  [ -s "$dir/nginx.pid" ] && kill -0 "$(cat "$dir/nginx.pid")" 2>/dev/null || return 0
  nginx -q -c "$dir/nginx.conf" -s quit 2>/dev/null || true
  for _ in $(seq 1 25); do [ -s "$dir/nginx.pid" ] || break; sleep 0.2; done
}

