#!/bin/sh
# The RabbitMQ image's start: the default user, password and virtual host from the
# environment (RABBITMQ_DEFAULT_*, as the official image), then the broker as rabbitmq.
# With arguments other than the server's, runs them instead as rabbitmq (compose's
# broker-users step: `sh /opt/onedoor/rabbitmq/users.sh services`).
set -eu
as_rabbitmq() { setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups "$@"; }
chown rabbitmq:rabbitmq /var/lib/rabbitmq /var/log/rabbitmq
[ "$#" = 0 ] || exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups "$@"

umask 077
cat > /etc/rabbitmq/rabbitmq.conf <<CONF
default_user = ${RABBITMQ_DEFAULT_USER:-guest}
default_pass = ${RABBITMQ_DEFAULT_PASS:-guest}
default_vhost = ${RABBITMQ_DEFAULT_VHOST:-/}
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
loopback_users = none
listeners.tcp.default = 5672
CONF
chown rabbitmq:rabbitmq /etc/rabbitmq/rabbitmq.conf
exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups rabbitmq-server
