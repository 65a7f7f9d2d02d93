package io.flotilla.renderer.app;

import java.util.List;
import java.util.Optional;

/**
 * One commit of a repository, read without checking anything out: entries with their Git ids and
 * modes, and blob contents on demand. Paths are repo-relative, {@code /}-separated; {@code ""} is
 * the root. Close it when done.
 */
public interface RepoTree extends AutoCloseable {

  /** The repository URL, credentials removed: for messages. */
  String repo();

  /** The commit SHA. */
  String revision();

  /** The entry at {@code path}, if there is one. */
  Optional<Entry> entry(String path);

  /** Every non-folder entry under {@code folder}, recursively, in path order. */
  List<Entry> files(String folder);

  /** The content of a file or the target of a symlink. */
  byte[] read(Entry entry);

  @Override
  void close();

  /**
   * @param id the Git object id (blob or tree hash): same id, same content
   * @param size the blob's size in bytes; 0 for folders and submodules
   */
  record Entry(String path, Kind kind, String id, long size) {}

  enum Kind {
    FILE,
    FOLDER,
    SYMLINK,
    SUBMODULE
  }
}
