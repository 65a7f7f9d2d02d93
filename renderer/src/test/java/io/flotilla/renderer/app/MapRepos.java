package io.flotilla.renderer.app;

import io.flotilla.events.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A hand-written {@link SourceRepos}: one commit whose files are held in a map. Symlinks are files
 * whose content is their target. Ids are content hashes, a folder's the hash of its listing, so
 * they behave like Git's: same content, same id.
 */
final class MapRepos implements SourceRepos {
  final Map<String, byte[]> files = new TreeMap<>();
  final Set<String> symlinks = new TreeSet<>();
  final List<String> requests = new ArrayList<>();
  RuntimeException failure;

  MapRepos put(String path, String content) {
    files.put(path, content.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  MapRepos link(String path, String target) {
    put(path, target);
    symlinks.add(path);
    return this;
  }

  void replace(Map<String, String> contents) {
    files.clear();
    symlinks.clear();
    contents.forEach(this::put);
  }

  @Override
  public RepoTree open(String repoUrl, String sha) {
    synchronized (requests) {
      requests.add(repoUrl + " " + sha);
    }
    if (failure != null) {
      throw failure;
    }
    return new Tree(repoUrl, sha);
  }

  private final class Tree implements RepoTree {
    private final String repo;
    private final String sha;

    Tree(String repo, String sha) {
      this.repo = repo;
      this.sha = sha;
    }

    @Override
    public String repo() {
      return repo;
    }

    @Override
    public String revision() {
      return sha;
    }

    @Override
    public Optional<Entry> entry(String path) {
      if (files.containsKey(path)) {
        return Optional.of(file(path));
      }
      List<Entry> under = files(path);
      if (under.isEmpty() && !path.isEmpty()) {
        return Optional.empty();
      }
      StringBuilder listing = new StringBuilder();
      under.forEach(e -> listing.append(e.path()).append(' ').append(e.id()).append('\n'));
      return Optional.of(new Entry(path, Kind.FOLDER, EventCodec.sha256(listing.toString()), 0));
    }

    private Entry file(String path) {
      byte[] content = files.get(path);
      return new Entry(
          path,
          symlinks.contains(path) ? Kind.SYMLINK : Kind.FILE,
          EventCodec.sha256(new String(content, StandardCharsets.ISO_8859_1)),
          content.length);
    }

    @Override
    public List<Entry> files(String folder) {
      return files.keySet().stream()
          .filter(p -> folder.isEmpty() || p.startsWith(folder + "/"))
          .map(this::file)
          .toList();
    }

    @Override
    public byte[] read(Entry entry) {
      return files.get(entry.path());
    }

    @Override
    public void close() {}
  }
}
