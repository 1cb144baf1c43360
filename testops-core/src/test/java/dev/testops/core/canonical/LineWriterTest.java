package dev.testops.core.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link LineWriter} must write the very bytes {@link CanonicalJson#line} writes, plus a newline.
 */
class LineWriterTest {
  private static final LineWriter.Key A = LineWriter.key("a");
  private static final LineWriter.Key B = LineWriter.key("b");
  private static final LineWriter.Key C = LineWriter.key("c");
  private static final LineWriter.Key D = LineWriter.key("d");

  @Test
  void nestedObjectsArraysAndScalars_matchTheTreeWriter() {
    var writer = new LineWriter(8);
    writer.startObject();
    writer.name(A).startArray().number(1).string("x").bool(true).startArray().endArray();
    writer.startObject().name(A).number(-5).endObject().startObject().endObject().endArray();
    writer.name(B).decimal(0.8903);
    writer.name(C).startObject().name(D).bool(false).endObject();
    writer.name(D).number(Long.MIN_VALUE);
    writer.endObject().endLine();

    ObjectNode tree = CanonicalJson.object();
    tree.put("d", Long.MIN_VALUE);
    tree.putObject("c").put("d", false);
    tree.put("b", CanonicalJson.decimal(0.8903));
    var array = tree.putArray("a").add(1).add("x").add(true);
    array.addArray();
    array.addObject().put("a", -5);
    array.addObject();

    assertSameBytes(writer, List.of(tree));
  }

  @Test
  void linesFollowOneAnother_eachEndingInANewline() {
    var writer = new LineWriter(8);
    List<ObjectNode> trees = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      writer.startObject().name(A).number(i).name(B).string("line " + i).endObject().endLine();
      ObjectNode tree = CanonicalJson.object();
      tree.put("b", "line " + i);
      tree.put("a", i);
      trees.add(tree);
    }

    assertSameBytes(writer, trees);
    assertThat(writer.lines()).isEqualTo(3);
  }

  @Test
  void strings_areEscapedAndEncodedExactlyAsTheTreeWriterDoes() {
    List<String> strings = new ArrayList<>();
    for (char c = 0; c < 0x80; c++) {
      strings.add("<" + c + ">");
    }
    strings.add("quote \" backslash \\ slash / tab \t newline \n return \r");
    strings.add("latin é ß, greek λ, cjk 漢字, emoji 😀, line separator \u2028, bom \ufeff");
    strings.add("unpaired \ud83d high, unpaired \ude00 low, at the end \ud83d");
    strings.add("");
    for (String s : strings) {
      var writer = new LineWriter(8);
      writer.startObject().name(A).string(s).endObject().endLine();
      ObjectNode tree = CanonicalJson.object();
      tree.put("a", s);

      assertSameBytes(writer, List.of(tree));
    }
  }

  @Test
  void escapableBytes_areFoundAtEveryPositionOfAWord() {
    // The scan reads eight bytes at a time, then the tail one by one: try every offset of each.
    for (int length = 1; length <= 24; length++) {
      for (int at = 0; at < length; at++) {
        for (char special : new char[] {'"', '\\', '\n', 0, 0x1f}) {
          char[] chars = "abcdefghijklmnopqrstuvwx".substring(0, length).toCharArray();
          chars[at] = special;
          String s = new String(chars);
          assertThat(LineWriter.needsEscaping(s.getBytes(StandardCharsets.UTF_8)))
              .as("%s at %d of %d", (int) special, at, length)
              .isTrue();
        }
      }
      String plain = "a é ~ \u007f 😀 z".repeat(3).substring(0, length);
      assertThat(LineWriter.needsEscaping(plain.getBytes(StandardCharsets.UTF_8))).isFalse();
    }
  }

  @Test
  void endingALineInsideAnObject_isRefused() {
    var writer = new LineWriter(8).startObject();

    assertThatThrownBy(writer::endLine).isInstanceOf(IllegalStateException.class);
  }

  private static void assertSameBytes(LineWriter writer, List<ObjectNode> trees) {
    var expected = new StringBuilder();
    for (ObjectNode tree : trees) {
      expected.append(CanonicalJson.line(tree)).append('\n');
    }
    assertThat(writer.toByteArray())
        .as("expected %s", expected)
        .isEqualTo(expected.toString().getBytes(StandardCharsets.UTF_8));
  }
}
