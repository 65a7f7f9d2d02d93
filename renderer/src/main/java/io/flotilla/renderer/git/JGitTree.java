package io.flotilla.renderer.git;

import io.flotilla.renderer.app.RepoTree;
import io.flotilla.renderer.app.SourceRepos;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/** One commit's tree in a bare clone, read through one {@link ObjectReader}. */
final class JGitTree implements RepoTree {
  private final String repo;
  private final String revision;
  private final RevTree tree;
  private final ObjectReader reader;

  JGitTree(Repository repository, String repo, String revision, RevTree tree) {
    this.repo = repo;
    this.revision = revision;
    this.tree = tree;
    this.reader = repository.newObjectReader();
  }

  @Override
  public String repo() {
    return repo;
  }

  @Override
  public String revision() {
    return revision;
  }

  @Override
  public Optional<Entry> entry(String path) {
    if (path.isEmpty()) {
      return Optional.of(new Entry("", Kind.FOLDER, tree.getId().name(), 0));
    }
    try (TreeWalk walk = TreeWalk.forPath(reader, path, tree)) {
      return walk == null ? Optional.empty() : Optional.of(entry(walk));
    } catch (IOException e) {
      throw unreadable(path, e);
    }
  }

  @Override
  public List<Entry> files(String folder) {
    List<Entry> out = new ArrayList<>();
    try (TreeWalk walk = new TreeWalk(reader)) {
      walk.addTree(tree);
      walk.setRecursive(true);
      if (!folder.isEmpty()) {
        walk.setFilter(PathFilter.create(folder));
      }
      while (walk.next()) {
        out.add(entry(walk));
      }
    } catch (IOException e) {
      throw unreadable(folder, e);
    }
    return out;
  }

  private Entry entry(TreeWalk walk) throws IOException {
    FileMode mode = walk.getFileMode(0);
    ObjectId id = walk.getObjectId(0);
    Kind kind;
    if (mode == FileMode.TREE) {
      kind = Kind.FOLDER;
    } else if (mode == FileMode.SYMLINK) {
      kind = Kind.SYMLINK;
    } else if (mode == FileMode.GITLINK) {
      kind = Kind.SUBMODULE;
    } else {
      kind = Kind.FILE;
    }
    long size =
        kind == Kind.FILE || kind == Kind.SYMLINK
            ? reader.getObjectSize(id, ObjectReader.OBJ_ANY)
            : 0;
    return new Entry(walk.getPathString(), kind, id.name(), size);
  }

  @Override
  public byte[] read(Entry entry) {
    try {
      return reader.open(ObjectId.fromString(entry.id())).getBytes();
    } catch (IOException e) {
      throw unreadable(entry.path(), e);
    }
  }

  private SourceRepos.Unavailable unreadable(String path, IOException e) {
    return new SourceRepos.Unavailable(
        "cannot read " + path + " at " + revision + " of " + repo + ": " + e.getMessage(), null);
  }

  @Override
  public void close() {
    reader.close();
  }
}
