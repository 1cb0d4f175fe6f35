package io.mediawhisperer.plugin.chatlog.assistants;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Gemini activity record of a Takeout "My Activity" file, reduced to what a conversation
 * needs: a prompt and its answer. Kept compact, since a whole file's records are held to be
 * sorted and grouped (see {@link GeminiThreads}).
 *
 * @param time           the record's {@code time}, or null
 * @param conversationId the id in {@code titleUrl} ({@code .../app/c/<id>}), or null when it has none
 * @param position       the record's place in the file: the order of records with the same time
 * @param prompt         the prompt: {@code title} without its "Prompted " prefix, attachments as notes
 * @param answer         the plain text of the first {@code safeHtmlItem}, or empty
 * @param otherAnswers   the plain text of the further {@code safeHtmlItem} entries (regenerated answers)
 */
record GeminiTurn(Instant time, String conversationId, int position, String prompt, String answer,
    List<String> otherAnswers) {

  /**
   * The localized "Prompted " prefixes of {@code title} that are known; a title with none of them
   * is taken whole as the prompt.
   */
  static final List<String> PROMPT_PREFIXES = List.of("Prompted ", "Eingegebener Prompt: ");

  private static final Pattern CONVERSATION_URL = Pattern.compile("/app/c/([A-Za-z0-9_-]+)");

  /** True for a record of Gemini Apps; the file may hold other products' activity too. */
  static boolean isGemini(JsonNode record) {
    if ("Gemini Apps".equals(Nodes.text(record, "header"))) {
      return true;
    }
    JsonNode products = Nodes.array(record, "products");
    if (products != null) {
      for (JsonNode product : products) {
        if ("Gemini Apps".equals(product.asText())) {
          return true;
        }
      }
    }
    return false;
  }

  /** True for anything shaped like a My Activity record, of any product. */
  static boolean isActivityRecord(JsonNode record) {
    return record != null && record.isObject() && record.has("header") && (record.has("title") || record.has("time"));
  }

  /** The turn of a Gemini record, or null when it holds neither a prompt nor an answer. */
  static GeminiTurn of(JsonNode record, int position) {
    String prompt = prompt(record);
    List<String> answers = answers(record);
    if (prompt.isBlank() && answers.isEmpty()) {
      return null;
    }
    return new GeminiTurn(Times.of(record, "time"), conversationId(Nodes.text(record, "titleUrl")), position, prompt,
        answers.isEmpty() ? "" : answers.get(0), answers.size() > 1 ? answers.subList(1, answers.size()) : List.of());
  }

  private static String prompt(JsonNode record) {
    String title = Nodes.nonBlank(record, "title");
    String prompt = title == null ? detail(record, "Request") : withoutPrefix(title);
    prompt = prompt == null ? "" : prompt.strip();
    List<String> files = new ArrayList<>();
    JsonNode attached = Nodes.array(record, "attachedFiles");
    if (attached != null) {
      attached.forEach(file -> files.add(file.isTextual() ? file.asText() : Nodes.firstText(file, "name", "fileName")));
    }
    String image = Nodes.nonBlank(record, "imageFile");
    if (image != null) {
      files.add(image);
    }
    if (files.isEmpty()) {
      return prompt;
    }
    String notes = MessageParts.attachmentNotes(files);
    return prompt.isEmpty() ? notes : prompt + "\n\n" + notes;
  }

  static String withoutPrefix(String title) {
    for (String prefix : PROMPT_PREFIXES) {
      if (title.startsWith(prefix)) {
        return title.substring(prefix.length());
      }
    }
    return title;
  }

  private static List<String> answers(JsonNode record) {
    List<String> answers = new ArrayList<>();
    JsonNode items = Nodes.array(record, "safeHtmlItem");
    if (items != null) {
      for (JsonNode item : items) {
        String text = HtmlText.toPlain(Nodes.text(item, "html"));
        if (!text.isBlank()) {
          answers.add(text);
        }
      }
    }
    if (answers.isEmpty()) {
      String response = detail(record, "Response");
      if (response != null && !response.isBlank()) {
        answers.add(response.strip());
      }
    }
    return answers;
  }

  /** A record variant writes the turn as {@code details: [{name: "Request" | "Response", value}]}. */
  private static String detail(JsonNode record, String name) {
    JsonNode details = Nodes.array(record, "details");
    if (details != null) {
      for (JsonNode detail : details) {
        if (name.equals(Nodes.text(detail, "name"))) {
          return Nodes.text(detail, "value");
        }
      }
    }
    return null;
  }

  static String conversationId(String titleUrl) {
    if (titleUrl == null) {
      return null;
    }
    Matcher id = CONVERSATION_URL.matcher(titleUrl);
    return id.find() ? id.group(1) : null;
  }
}
