#!/bin/sh
# Least privilege on the broker (docs/operations.md): one RabbitMQ user per
# service and one login per outside system, each limited to the queues and
# exchanges it uses. Idempotent: run it again to reset permissions or passwords.
#
#   users.sh services                     onedoor-<service> for the seven AMQP services
#   users.sh department CODE [PASSWORD]   dept-CODE: a department's own system
#   users.sh grid [PASSWORD]              onedoor-grid: integrators' grid-management apps
#   users.sh policies                     the work queues' delivery limit (also run by services)
#
# Environment: RABBITMQCTL (the rabbitmqctl command, default "rabbitmqctl"),
# ONEDOOR_AMQP_VHOST (default onedoor), ONEDOOR_SERVICE_AMQP_PASSWORD (the
# services' password, default onedoor). A login made without PASSWORD gets a
# random one; the last line printed is the login's user and password.
#
# RabbitMQ's three permissions are regular expressions over queue and exchange
# names: configure (declare, delete), write (publish to an exchange, bind a
# queue) and read (consume from a queue, bind from an exchange). Exchanges are
# declared by the operator (onedoor-admin reference apply); a service only
# checks them, so its configure permission covers its own queues alone.
set -eu
cd /  # rabbitmqctl may run as another user, who needs a readable working directory
ctl=${RABBITMQCTL:-rabbitmqctl}
vhost=${ONEDOOR_AMQP_VHOST:-onedoor}

# The node can pass its healthcheck while a first start still declares its queues, and not yet
# answer the CLI (seen under load): the first contact is retried for a minute.
tries=0
until users=$($ctl list_users -q 2>/dev/null); do
  tries=$((tries + 1))
  [ "$tries" -lt 20 ] || { $ctl list_users -q >/dev/null; exit 69; }
  sleep 3
done
existing=$(echo "$users" | cut -f1)

# user password configure write read
grant() {
  if echo "$existing" | grep -qx "$1"; then
    $ctl change_password "$1" "$2" >/dev/null
  else
    $ctl add_user "$1" "$2" >/dev/null
  fi
  $ctl set_permissions -p "$vhost" "$1" "$3" "$4" "$5" >/dev/null
}

random_password() { od -An -tx1 -N16 /dev/urandom | tr -d ' \n'; }

# Exchanges: onedoor.events (case events), onedoor.departments (work orders),
# onedoor.department-actions (departments report back), onedoor.grid (grid
# events), onedoor.dead-letter (every consumer parks bad messages there).
services() {
  password=${ONEDOOR_SERVICE_AMQP_PASSWORD:-onedoor}
  grant onedoor-intake "$password" '^intake\.grid-events$' \
    '^(intake\.grid-events|onedoor\.events|onedoor\.dead-letter)$' \
    '^(intake\.grid-events|onedoor\.grid)$'
  grant onedoor-routing "$password" '^routing\.cases$' \
    '^(routing\.cases|onedoor\.events|onedoor\.departments|onedoor\.dead-letter)$' \
    '^(routing\.cases|onedoor\.events)$'
  # The department service serves departments without a system of their own:
  # their work-order queues, and the actions exchange's queue.
  grant onedoor-department "$password" '^(dept\..+|department\.actions)$' \
    '^(dept\..+|department\.actions|onedoor\.events|onedoor\.dead-letter)$' \
    '^(dept\..+|department\.actions|onedoor\.departments|onedoor\.department-actions)$'
  grant onedoor-review "$password" '^review\.cases$' \
    '^(review\.cases|onedoor\.events|onedoor\.dead-letter)$' \
    '^(review\.cases|onedoor\.events)$'
  grant onedoor-followup "$password" '^followup\.cases$' \
    '^(followup\.cases|onedoor\.events|onedoor\.dead-letter)$' \
    '^(followup\.cases|onedoor\.events)$'
  # The notifier reads the case events it tells petitioners of; the status page only publishes
  # (the petitioner's steps, and their requests for a one-time code).
  grant onedoor-notifier "$password" '^notifier\.events$' \
    '^(notifier\.events|onedoor\.dead-letter)$' \
    '^(notifier\.events|onedoor\.events)$'
  grant onedoor-public "$password" '^$' '^onedoor\.events$' '^$'
  echo "service users: onedoor-intake onedoor-routing onedoor-department onedoor-review onedoor-followup" \
    "onedoor-notifier onedoor-public"
  policies
}

# A message that keeps coming back (a consumer crashing or reconnecting on it) is
# dead-lettered by the broker after ONEDOOR_DELIVERY_LIMIT deliveries (20), with
# x-death headers saying so: no message can stall a queue. Every work queue (not
# the dead-letter queue itself). Consumers hold, rather than requeue, messages
# while the database is down, so an outage does not count against the limit.
policies() {
  $ctl set_policy -p "$vhost" --apply-to queues onedoor-delivery-limit \
    '^(intake|routing|review|followup|department|dept|notifier)\.' \
    "{\"delivery-limit\": ${ONEDOOR_DELIVERY_LIMIT:-20}}" >/dev/null
  echo "policy onedoor-delivery-limit: ${ONEDOOR_DELIVERY_LIMIT:-20} deliveries on the work queues"
}

# Reads its own queue; reports back under its own code only (a topic permission
# on the routing key), so it cannot act for another department.
department() {
  code=$1 password=${2:-$(random_password)}
  echo "$code" | grep -Eqx '[a-z0-9][a-z0-9-]{0,31}' || { echo "not a department code: '$code'" >&2; exit 2; }
  grant "dept-$code" "$password" '^$' '^onedoor\.department-actions$' "^dept\\.$code\$"
  $ctl set_topic_permissions -p "$vhost" "dept-$code" onedoor.department-actions "^$code\\." '^$' >/dev/null
  echo "dept-$code $password"
}

# Publishes grid events (routing keys grid.#) and nothing else.
grid() {
  password=${1:-$(random_password)}
  grant onedoor-grid "$password" '^$' '^onedoor\.grid$' '^$'
  $ctl set_topic_permissions -p "$vhost" onedoor-grid onedoor.grid '^grid\.' '^$' >/dev/null
  echo "onedoor-grid $password"
}

case ${1:-} in
  services) services ;;
  department) [ $# -ge 2 ] || { echo "usage: users.sh department CODE [PASSWORD]" >&2; exit 2; }
    department "$2" "${3:-}" ;;
  grid) grid "${2:-}" ;;
  policies) policies ;;
  *) echo "usage: users.sh services | department CODE [PASSWORD] | grid [PASSWORD] | policies" >&2; exit 2 ;;
esac
