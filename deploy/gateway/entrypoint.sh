#!/bin/sh
# The gateway image's start: the routes (onedoor.conf.template) with this deployment's
# upstreams and listen address, then nginx in the foreground, logging to the container's output.
set -eu
dir=/var/cache/onedoor-gateway
variables='${ONEDOOR_GATEWAY_LISTEN} ${ONEDOOR_GATEWAY_ACCESS_LOG}'
for name in $(env | sed -n 's/^\(ONEDOOR_[A-Z]*_UPSTREAM\)=.*/\1/p'); do
  variables="$variables \${$name}"
done
: "${ONEDOOR_GATEWAY_LISTEN:=8080}" "${ONEDOOR_GATEWAY_ACCESS_LOG:=/dev/stdout}"
export ONEDOOR_GATEWAY_LISTEN ONEDOOR_GATEWAY_ACCESS_LOG
envsubst "$variables" < /etc/onedoor/onedoor.conf.template > "$dir/onedoor.conf"
cat > "$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log /dev/stderr warn;
daemon off;
events { worker_connections 1024; }
http {
    access_log off;  # the server block logs, without query strings
    server_tokens off;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    include $dir/onedoor.conf;
}
CONF
exec nginx -c "$dir/nginx.conf"
