/**
 * Datacoves' database, Jade's read-only source of accounts, projects and environments (docs/datacoves-data.md says
 * what Jade reads from each table and what it concludes from the values): the rows, their repositories, and the
 * short-lived read cache in front of the hottest queries ({@link com.datacoves.jade.datacoves.DatacovesCache}).
 */
package com.datacoves.jade.datacoves;
