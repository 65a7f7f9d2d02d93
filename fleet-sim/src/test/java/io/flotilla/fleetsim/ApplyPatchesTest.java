package io.flotilla.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApplyPatchesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s.replace('\'', '"'));
  }

  @Test
  void shouldMergeObjectsReplaceListsAndDeleteNulls() throws Exception {
    JsonNode target = json("{'a':{'x':1,'y':2},'list':[1,2,3],'gone':'soon'}");
    JsonNode patch = json("{'a':{'y':20,'z':30},'list':[9],'gone':null}");

    JsonNode merged = ApplyPatches.merge(target, patch);

    assertThat(merged).isEqualTo(json("{'a':{'x':1,'y':20,'z':30},'list':[9]}"));
    assertThat(target.get("list")).as("inputs untouched").hasSize(3);
  }

  @Test
  void shouldReplaceOnlyTheApplyingManagersEntry() throws Exception {
    ObjectNode object =
        (ObjectNode)
            json(
                "{'apiVersion':'apps/v1','metadata':{'managedFields':["
                    + "{'manager':'flotilla','operation':'Apply','time':'old'},"
                    + "{'manager':'kubectl','operation':'Apply','time':'old'}]}}");

    ApplyPatches.recordApply(object, "flotilla", Instant.parse("2030-01-02T03:04:05.678Z"));

    JsonNode entries = object.path("metadata").path("managedFields");
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).path("manager").asText()).isEqualTo("kubectl");
    assertThat(entries.get(1))
        .isEqualTo(
            json(
                "{'manager':'flotilla','operation':'Apply','apiVersion':'apps/v1',"
                    + "'time':'2030-01-02T03:04:05Z'}"));
    assertThat(ApplyPatches.hasApplyEntry(object, "flotilla")).isTrue();
    assertThat(ApplyPatches.hasApplyEntry(object, "helm")).isFalse();
  }

  @Test
  void shouldIgnoreManagedFieldsSentInAnAppliedConfiguration() throws Exception {
    ObjectNode applied =
        (ObjectNode) json("{'metadata':{'name':'a','managedFields':[{'manager':'evil'}]}}");

    assertThat(ApplyPatches.withoutManagedFields(applied))
        .isEqualTo(json("{'metadata':{'name':'a'}}"));
  }
}
