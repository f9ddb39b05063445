/**
 * What several features share about the Datacoves database, Jade's read-only source of accounts, projects and
 * environments: {@link com.datacoves.jade.datacoves.DatacovesCache}, the short-lived read cache in front of its
 * hottest queries.
 */
package com.datacoves.jade.datacoves;
