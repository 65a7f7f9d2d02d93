/**
 * The applier's pure core: prepare the desired objects of a {@code DesiredState}, pair them with
 * what the cluster holds, diff each pair and order the resulting steps into a plan.
 *
 * <p>Everything here is a function of plain data ({@code java.util} maps and lists as Jackson reads
 * JSON, and the {@code events} records). It must never call a cluster, read a clock, log, or depend
 * on Quarkus, fabric8 or Kafka: {@code app} does the effects and hands the results in.
 */
package io.flotilla.applier.domain;
