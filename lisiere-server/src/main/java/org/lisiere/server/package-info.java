/** The core's HTTP API: projects, tokens and sandboxed SQL over the network. */
package org.lisiere.server;
