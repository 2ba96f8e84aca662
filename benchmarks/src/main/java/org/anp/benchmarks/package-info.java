/**
 * JMH benchmarks behind the project's measured choices (crypto providers first). Run them with
 * {@code benchmarks/run.sh}; results and how they were taken are in {@code docs/benchmarks.md}.
 */
package org.anp.benchmarks;
