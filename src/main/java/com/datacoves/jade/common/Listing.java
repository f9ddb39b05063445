package com.datacoves.jade.common;

import java.util.List;

/**
 * A page of a list read from Jade's index, with the environments whose Airflow database could not be read before it
 * was answered (their rows are as of their last good index pass; docs/index.md, "Staleness").
 *
 * @param page        the page
 * @param unreachable the slugs of those environments, [] when none
 * @param <T>         item type
 */
public record Listing<T>(Page<T> page, List<String> unreachable) {
}
