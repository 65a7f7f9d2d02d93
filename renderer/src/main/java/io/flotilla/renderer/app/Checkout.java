package io.flotilla.renderer.app;

import io.flotilla.renderer.domain.KustomizeRefs;
import io.flotilla.renderer.domain.Limits;
import io.flotilla.renderer.domain.RepoPaths;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The inputs of one render, read from a commit: only the folders and files the application
 * declares, each checked. Refused: a declared path with {@code ..}; a symlink whose target leaves
 * the folders being read (or, for a values file, the app path); a file over the per-file limit;
 * more bytes in total than the per-render limit. Symlinks that stay inside are read as their
 * target's content.
 */
public final class Checkout {
  private static final int MAX_SYMLINK_HOPS = 8;
  private static final int MAX_KUSTOMIZE_FOLDERS = 64;

  private Checkout() {}

  /** What a render reads: whole folders and single files, repo-relative. */
  public record Inputs(List<String> folders, List<String> files) {
    public Inputs {
      folders = List.copyOf(new LinkedHashSet<>(folders));
      files = List.copyOf(new LinkedHashSet<>(files));
    }
  }

  /** Refuses a declared path that climbs out with {@code ..} or is absolute. */
  public static void checkDeclared(RepoTree tree, String field, String path) throws Refused {
    if (RepoPaths.isTraversal(path)) {
      throw refused(
          tree, path, "(" + field + ") is refused: '..' and absolute paths may not be used");
    }
  }

  /**
   * The folders a Kustomize build starting at {@code start} loads: {@code start}, plus every local
   * folder a kustomization file in them names (bases, components), transitively.
   */
  public static Inputs kustomize(RepoTree tree, List<String> start) throws Refused {
    List<String> folders = new ArrayList<>(start);
    for (int i = 0; i < folders.size(); i++) {
      if (folders.size() > MAX_KUSTOMIZE_FOLDERS) {
        throw refused(
            tree,
            start.get(0),
            "the kustomization loads more than " + MAX_KUSTOMIZE_FOLDERS + " folders");
      }
      for (RepoTree.Entry e : tree.files(folders.get(i))) {
        if (e.kind() != RepoTree.Kind.FILE || !KustomizeRefs.isKustomization(e.path())) {
          continue;
        }
        if (e.size() > 1 << 20) {
          throw refused(
              tree, e.path(), "is " + e.size() + " bytes, too large for a kustomization file");
        }
        KustomizeRefs.Refs refs =
            KustomizeRefs.of(e.path(), new String(tree.read(e), StandardCharsets.UTF_8));
        if (!refs.refused().isEmpty()) {
          throw refused(tree, e.path(), String.join("; ", refs.refused()));
        }
        for (String ref : refs.local()) {
          boolean covered = folders.stream().anyMatch(f -> RepoPaths.isUnder(ref, f));
          Optional<RepoTree.Entry> target = tree.entry(ref);
          if (!covered && target.isPresent() && target.get().kind() == RepoTree.Kind.FOLDER) {
            folders.add(ref);
          }
        }
      }
    }
    return new Inputs(folders, List.of());
  }

  /**
   * A fingerprint of the inputs' content: the Git ids of every folder and file (a missing one
   * counts as missing). Same fingerprint, same content.
   */
  public static String fingerprint(RepoTree tree, Inputs inputs) {
    StringBuilder out = new StringBuilder();
    for (String path : inputs.folders()) {
      out.append("d ")
          .append(path)
          .append(' ')
          .append(tree.entry(path).map(RepoTree.Entry::id).orElse("-"))
          .append('\n');
    }
    for (String path : inputs.files()) {
      out.append("f ")
          .append(path)
          .append(' ')
          .append(tree.entry(path).map(RepoTree.Entry::id).orElse("-"))
          .append('\n');
    }
    return out.toString();
  }

  /**
   * Reads the inputs.
   *
   * @param fileScope the folder a symlinked single file must resolve into (the app path)
   * @return repo-relative path to content, in path order
   */
  public static Map<String, byte[]> read(
      RepoTree tree, Inputs inputs, String fileScope, Limits limits) throws Refused {
    Map<String, byte[]> out = new TreeMap<>();
    long[] total = {0};
    for (String folder : inputs.folders()) {
      List<RepoTree.Entry> entries = tree.files(folder);
      if (out.size() + entries.size() > limits.maxFiles()) {
        throw refused(
            tree,
            folder.isEmpty() ? "the repository root" : folder + "/",
            "holds "
                + entries.size()
                + " files; a render reads at most "
                + limits.maxFiles()
                + " (FLOTILLA_MAX_FILES); refused before reading any of them");
      }
      for (RepoTree.Entry e : entries) {
        if (e.kind() == RepoTree.Kind.SUBMODULE) {
          continue;
        }
        RepoTree.Entry content = resolve(tree, e, inputs.folders());
        out.put(e.path(), content(tree, e.path(), content, limits, total));
      }
    }
    for (String file : inputs.files()) {
      RepoTree.Entry e =
          tree.entry(file)
              .orElseThrow(() -> refused(tree, file, "does not exist at this revision"));
      if (e.kind() == RepoTree.Kind.FOLDER || e.kind() == RepoTree.Kind.SUBMODULE) {
        throw refused(tree, file, "is a folder, not a file");
      }
      RepoTree.Entry content = resolve(tree, e, List.of(fileScope));
      out.put(file, content(tree, file, content, limits, total));
    }
    return out;
  }

  private static byte[] content(
      RepoTree tree, String path, RepoTree.Entry e, Limits limits, long[] total) throws Refused {
    if (e.size() > limits.maxFileBytes()) {
      throw refused(
          tree,
          path,
          "is "
              + e.size()
              + " bytes, over the per-file limit of "
              + limits.maxFileBytes()
              + " bytes (FLOTILLA_MAX_FILE_BYTES)");
    }
    total[0] += e.size();
    if (total[0] > limits.maxRenderBytes()) {
      throw refused(
          tree,
          path,
          "the render reads more than "
              + limits.maxRenderBytes()
              + " bytes of input (FLOTILLA_MAX_RENDER_BYTES), reached at this file");
    }
    byte[] bytes = tree.read(e);
    if (isText(path)) {
      checkUtf8(tree, path, bytes);
    }
    return bytes;
  }

  /** Manifests and kustomizations: text that Kubernetes reads as UTF-8. */
  private static boolean isText(String path) {
    return path.endsWith(".yaml")
        || path.endsWith(".yml")
        || path.endsWith(".json")
        || KustomizeRefs.isKustomization(path);
  }

  /**
   * Refuses text that is not UTF-8: decoding it leniently would change it (each bad byte becomes
   * U+FFFD) and apply something nobody wrote.
   */
  private static void checkUtf8(RepoTree tree, String path, byte[] bytes) throws Refused {
    java.nio.charset.CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(8192);
    while (true) {
      java.nio.charset.CoderResult r = decoder.decode(in, out, true);
      if (r.isError()) {
        int offset = in.position();
        int line = 1;
        for (int i = 0; i < offset; i++) {
          if (bytes[i] == '\n') {
            line++;
          }
        }
        throw refused(
            tree,
            path,
            "is not valid UTF-8: byte 0x"
                + String.format("%02x", bytes[offset] & 0xff)
                + " at offset "
                + offset
                + " (line "
                + line
                + ") is not part of a UTF-8 character; save the file as UTF-8");
      }
      if (r.isUnderflow()) {
        return;
      }
      out.clear();
    }
  }

  /** The file a symlink leads to, when it stays within {@code scope}. */
  private static RepoTree.Entry resolve(RepoTree tree, RepoTree.Entry link, List<String> scope)
      throws Refused {
    RepoTree.Entry e = link;
    for (int hop = 0; e.kind() == RepoTree.Kind.SYMLINK; hop++) {
      if (hop == MAX_SYMLINK_HOPS || e.size() > 4096) {
        throw refused(tree, link.path(), "is a symlink chain too long to follow; refused");
      }
      String target = new String(tree.read(e), StandardCharsets.UTF_8);
      Optional<String> resolved =
          target.startsWith("/")
              ? Optional.empty()
              : RepoPaths.resolve(RepoPaths.parent(e.path()), target);
      if (resolved.isEmpty()) {
        throw refused(
            tree, link.path(), "is a symlink to '" + target + "', outside the repository; refused");
      }
      String path = resolved.get();
      if (scope.stream().noneMatch(f -> RepoPaths.isUnder(path, f))) {
        throw refused(
            tree,
            link.path(),
            "is a symlink to '"
                + target
                + "' ("
                + path
                + "), outside "
                + String.join(
                    ", ",
                    scope.stream().map(f -> f.isEmpty() ? "the repository root" : f + "/").toList())
                + "; refused");
      }
      e =
          tree.entry(path)
              .orElseThrow(
                  () ->
                      refused(
                          tree,
                          link.path(),
                          "is a symlink to '" + target + "', which does not exist"));
      if (e.kind() == RepoTree.Kind.FOLDER || e.kind() == RepoTree.Kind.SUBMODULE) {
        throw refused(
            tree,
            link.path(),
            "is a symlink to the folder '" + target + "'; only symlinks to files are followed");
      }
    }
    return e;
  }

  static Refused refused(RepoTree tree, String path, String what) {
    return new Refused(
        path, "repo " + tree.repo() + " at " + tree.revision() + ": " + path + " " + what);
  }
}
