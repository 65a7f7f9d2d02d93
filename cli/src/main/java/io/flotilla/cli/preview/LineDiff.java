package io.flotilla.cli.preview;

import java.util.ArrayList;
import java.util.List;

/** A unified diff of two texts, line by line, with 3 lines of context. Pure. */
public final class LineDiff {
  static final int CONTEXT = 3;

  private LineDiff() {}

  private record Op(char kind, String line, int a, int b) {}

  /** The hunks ({@code @@ -a,n +b,m @@} and lines), without the {@code ---/+++} header. */
  public static List<String> unified(List<String> from, List<String> to) {
    List<Op> ops = ops(from, to);
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < ops.size()) {
      if (ops.get(i).kind() == ' ') {
        i++;
        continue;
      }
      int start = Math.max(0, i - CONTEXT);
      int end = i;
      // extend over changes separated by at most 2*CONTEXT unchanged lines
      int j = i;
      while (j < ops.size()) {
        if (ops.get(j).kind() != ' ') {
          end = j;
          j++;
          continue;
        }
        int k = j;
        while (k < ops.size() && ops.get(k).kind() == ' ') {
          k++;
        }
        if (k < ops.size() && k - j <= 2 * CONTEXT) {
          j = k;
        } else {
          break;
        }
      }
      int stop = Math.min(ops.size(), end + CONTEXT + 1);
      int aStart = -1;
      int bStart = -1;
      int aLen = 0;
      int bLen = 0;
      List<String> body = new ArrayList<>();
      for (int k = start; k < stop; k++) {
        Op op = ops.get(k);
        if (op.kind() != '+') {
          aLen++;
          if (aStart < 0) {
            aStart = op.a();
          }
        }
        if (op.kind() != '-') {
          bLen++;
          if (bStart < 0) {
            bStart = op.b();
          }
        }
        body.add(op.kind() + op.line());
      }
      out.add(
          "@@ -"
              + (aLen == 0 ? Math.max(0, firstA(ops, start)) : aStart + 1)
              + ","
              + aLen
              + " +"
              + (bLen == 0 ? Math.max(0, firstB(ops, start)) : bStart + 1)
              + ","
              + bLen
              + " @@");
      out.addAll(body);
      i = stop;
    }
    return out;
  }

  private static int firstA(List<Op> ops, int start) {
    return start < ops.size() ? ops.get(start).a() : 0;
  }

  private static int firstB(List<Op> ops, int start) {
    return start < ops.size() ? ops.get(start).b() : 0;
  }

  /** The edit script from a longest common subsequence (inputs are small: one object's YAML). */
  private static List<Op> ops(List<String> a, List<String> b) {
    int n = a.size();
    int m = b.size();
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] =
            a.get(i).equals(b.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<Op> ops = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a.get(i).equals(b.get(j))) {
        ops.add(new Op(' ', a.get(i), i, j));
        i++;
        j++;
      } else if (j < m && (i == n || lcs[i][j + 1] > lcs[i + 1][j])) {
        ops.add(new Op('+', b.get(j), i, j));
        j++;
      } else {
        ops.add(new Op('-', a.get(i), i, j));
        i++;
      }
    }
    return ops;
  }
}
