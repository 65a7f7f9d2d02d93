package io.flotilla.gitwatcher.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RelevanceTest {
  static final Relevance.Change B_ONLY =
      new Relevance.Change(false, Set.of("b/deploy.yaml", "README.md"));

  @ParameterizedTest
  @CsvSource({
    "b, true",
    "./b/, true",
    "/b, true",
    "'', true",
    "., true",
    "a, false",
    // a folder whose name merely starts like a changed one is not concerned
    "b-old, false",
    "b/deploy, false",
  })
  void onlyAppsWithAChangedFileUnderTheirPathShouldBeConcerned(String path, boolean concerned) {
    assertThat(Relevance.concerns(path, B_ONLY)).isEqualTo(concerned);
  }

  @ParameterizedTest
  @CsvSource({"a", "c", "''"})
  void forcedChangeShouldConcernEveryApp(String path) {
    assertThat(Relevance.concerns(path, new Relevance.Change(true, Set.of()))).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"a, false", "'', true"})
  void commitChangingNothingShouldConcernOnlyTheWholeRepoApp(String path, boolean concerned) {
    assertThat(Relevance.concerns(path, new Relevance.Change(false, Set.of())))
        .isEqualTo(concerned);
  }

  @org.junit.jupiter.api.Test
  void changedValuesFileOutsideTheAppPathShouldConcernTheAppThatReadsIt() {
    var valuesOnly = new Relevance.Change(false, Set.of("values/prod.yaml"));

    assertThat(Relevance.concerns("charts/web", java.util.List.of("values/prod.yaml"), valuesOnly))
        .isTrue();
    assertThat(Relevance.concerns("charts/web", java.util.List.of("values/dev.yaml"), valuesOnly))
        .isFalse();
    assertThat(Relevance.concerns("charts/web", valuesOnly)).isFalse();
  }
}
