#ifndef ONEDOOR_CAMQPSHIM_H
#define ONEDOOR_CAMQPSHIM_H
#include <amqp.h>

/// amqp_login is variadic (its SASL arguments), which Swift cannot call:
/// this wraps the PLAIN mechanism with fixed arguments.
amqp_rpc_reply_t onedoor_amqp_login_plain(amqp_connection_state_t state, const char *vhost,
                                          int channel_max, int frame_max, int heartbeat,
                                          const char *user, const char *password);
#endif
