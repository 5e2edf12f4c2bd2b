/*
 * flat_tree: a tree-sitter parse returned as one Int32Array, for dfmap's extractors.
 *
 * The tree-sitter node bindings answer a tree node by node, one call into the addon per property
 * and per cursor move; copying a tree into plain objects (src/extract/parse/syntax-node.ts) made
 * about six such calls per node, a third of a scan's parsing time. Here the cursor walks the tree
 * in C and writes each node as FIELDS integers, in pre-order. The grammar is the one the grammar
 * package's own addon holds (its `language` External, checked by its type tag), run by this
 * addon's copy of the same tree-sitter runtime (the tree-sitter package's vendored sources).
 *
 * parse(language, text, timeoutMicros, ranges?) -> { nodes: Int32Array, hasError } | null
 *   ranges: Int32Array of [startIndex, endIndex, startRow, startColumn, endRow, endColumn] * n
 *   (UTF-16 code units, as JavaScript strings count). null: out of time.
 * names(language) -> { types: string[], named: boolean[], fields: (string|null)[] }
 */
#include <node_api.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>
#include "tree_sitter/api.h"

/* per node: type id, field id, start, end (UTF-16 units), flags, child count */
#define FIELDS 6
#define FLAG_NAMED 1
#define FLAG_MISSING 2
#define FLAG_ERROR 4

static const napi_type_tag LANGUAGE_TYPE_TAG = {0x8AF2E5212AD58ABFULL, 0xD5006CAD83ABBA16ULL};

#define CHECK(call)                                                        \
  do {                                                                     \
    if ((call) != napi_ok) {                                               \
      napi_throw_error(env, NULL, "flat_tree: " #call " failed");          \
      return NULL;                                                         \
    }                                                                      \
  } while (0)

static const TSLanguage *language_of(napi_env env, napi_value v) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok) return NULL;
  if (t == napi_object) {
    napi_value inner;
    if (napi_get_named_property(env, v, "language", &inner) != napi_ok) return NULL;
    v = inner;
    if (napi_typeof(env, v, &t) != napi_ok) return NULL;
  }
  if (t != napi_external) return NULL;
  bool tagged = false;
  if (napi_check_object_type_tag(env, v, &LANGUAGE_TYPE_TAG, &tagged) != napi_ok || !tagged) return NULL;
  void *data = NULL;
  if (napi_get_value_external(env, v, &data) != napi_ok) return NULL;
  return (const TSLanguage *)data;
}

/* The nodes of one parse, written into a buffer kept from parse to parse (then copied out once). */
typedef struct {
  int32_t *data;
  size_t length;
  size_t capacity;
} Out;

/* One parser per thread and language: a worker thread loads its own instance of the addon data. */
typedef struct {
  const TSLanguage *language;
  TSParser *parser;
} Slot;

typedef struct {
  Slot slots[16];
  int count;
  Out out;
} AddonData;

static void free_addon(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  AddonData *d = (AddonData *)data;
  for (int i = 0; i < d->count; i++) ts_parser_delete(d->slots[i].parser);
  free(d->out.data);
  free(d);
}

static TSParser *parser_for(AddonData *d, const TSLanguage *language) {
  for (int i = 0; i < d->count; i++)
    if (d->slots[i].language == language) return d->slots[i].parser;
  if (d->count == 16) return NULL;
  TSParser *p = ts_parser_new();
  if (!ts_parser_set_language(p, language)) {
    ts_parser_delete(p);
    return NULL;
  }
  d->slots[d->count].language = language;
  d->slots[d->count].parser = p;
  d->count++;
  return p;
}

static int push(Out *o, int32_t a, int32_t b, int32_t c, int32_t d, int32_t e, int32_t f) {
  if (o->length + FIELDS > o->capacity) {
    size_t cap = o->capacity ? o->capacity * 2 : 4096 * FIELDS;
    int32_t *next = (int32_t *)realloc(o->data, cap * sizeof(int32_t));
    if (!next) return 0;
    o->data = next;
    o->capacity = cap;
  }
  int32_t *p = o->data + o->length;
  p[0] = a; p[1] = b; p[2] = c; p[3] = d; p[4] = e; p[5] = f;
  o->length += FIELDS;
  return 1;
}

/* The source, whole, as tree-sitter's input reads it. */
typedef struct {
  const char *bytes;
  uint32_t length;
} Source;

static const char *read_source(void *payload, uint32_t byte_index, TSPoint position, uint32_t *bytes_read) {
  (void)position;
  const Source *s = (const Source *)payload;
  if (byte_index >= s->length) {
    *bytes_read = 0;
    return "";
  }
  *bytes_read = s->length - byte_index;
  return s->bytes + byte_index;
}

static double now_micros(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

/* Asked by the parser every hundred or so steps: true stops it (the budget is spent). */
static bool out_of_time(TSParseState *state) {
  return now_micros() > *(const double *)state->payload;
}

/* A buffer grown past this many integers for one large tree is not kept for the next parse. */
#define KEEP_AT_MOST (1 << 20)

static napi_value Parse(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  AddonData *d;
  CHECK(napi_get_instance_data(env, (void **)&d));
  if (argc < 3) {
    napi_throw_type_error(env, NULL, "flat_tree.parse(language, text, timeoutMicros, ranges?)");
    return NULL;
  }
  const TSLanguage *language = language_of(env, argv[0]);
  if (!language) {
    napi_throw_type_error(env, NULL, "flat_tree.parse: not a tree-sitter language");
    return NULL;
  }
  TSParser *parser = parser_for(d, language);
  if (!parser) {
    napi_throw_error(env, NULL, "flat_tree.parse: the runtime does not read this grammar's ABI");
    return NULL;
  }
  size_t units = 0;
  CHECK(napi_get_value_string_utf16(env, argv[1], NULL, 0, &units));
  char16_t *text = (char16_t *)malloc((units + 1) * sizeof(char16_t));
  if (!text) {
    napi_throw_error(env, NULL, "flat_tree.parse: out of memory");
    return NULL;
  }
  CHECK(napi_get_value_string_utf16(env, argv[1], text, units + 1, &units));
  double micros = 0;
  CHECK(napi_get_value_double(env, argv[2], &micros));

  TSRange *ranges = NULL;
  uint32_t range_count = 0;
  if (argc > 3) {
    bool typed = false;
    CHECK(napi_is_typedarray(env, argv[3], &typed));
    if (typed) {
      napi_typedarray_type type;
      size_t length;
      void *raw;
      CHECK(napi_get_typedarray_info(env, argv[3], &type, &length, &raw, NULL, NULL));
      if (type != napi_int32_array || length % 6 != 0) {
        free(text);
        napi_throw_type_error(env, NULL, "flat_tree.parse: ranges must be an Int32Array of sixes");
        return NULL;
      }
      const int32_t *r = (const int32_t *)raw;
      range_count = (uint32_t)(length / 6);
      ranges = (TSRange *)calloc(range_count ? range_count : 1, sizeof(TSRange));
      for (uint32_t i = 0; i < range_count; i++) {
        const int32_t *x = r + i * 6;
        ranges[i].start_byte = (uint32_t)x[0] * 2;
        ranges[i].end_byte = (uint32_t)x[1] * 2;
        ranges[i].start_point.row = (uint32_t)x[2];
        ranges[i].start_point.column = (uint32_t)x[3] * 2;
        ranges[i].end_point.row = (uint32_t)x[4];
        ranges[i].end_point.column = (uint32_t)x[5] * 2;
      }
    }
  }
  ts_parser_reset(parser);
  if (!ts_parser_set_included_ranges(parser, ranges, range_count)) {
    free(text);
    free(ranges);
    napi_throw_range_error(env, NULL, "flat_tree.parse: ranges overlap or are out of order");
    return NULL;
  }
  free(ranges);
  Source source = {(const char *)text, (uint32_t)(units * sizeof(char16_t))};
  TSInput input = {&source, read_source, TSInputEncodingUTF16LE, NULL};
  double deadline = now_micros() + micros;
  TSParseOptions options = {&deadline, out_of_time};
  TSTree *tree = micros > 0 ? ts_parser_parse_with_options(parser, NULL, input, options)
                            : ts_parser_parse(parser, NULL, input);
  free(text);
  ts_parser_set_included_ranges(parser, NULL, 0);
  napi_value result;
  if (!tree) {
    CHECK(napi_get_null(env, &result));
    return result;
  }
  TSNode root = ts_tree_root_node(tree);
  bool has_error = ts_node_has_error(root);
  Out *out = &d->out;
  out->length = 0;
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  int ok = 1;
  for (;;) {
    TSNode n = ts_tree_cursor_current_node(&cursor);
    int32_t flags = (ts_node_is_named(n) ? FLAG_NAMED : 0);
    if (has_error) {
      if (ts_node_is_missing(n)) flags |= FLAG_MISSING;
      if (ts_node_has_error(n)) flags |= FLAG_ERROR;
    }
    ok = push(out, (int32_t)ts_node_symbol(n), (int32_t)ts_tree_cursor_current_field_id(&cursor),
              (int32_t)(ts_node_start_byte(n) / 2), (int32_t)(ts_node_end_byte(n) / 2), flags,
              (int32_t)ts_node_child_count(n));
    if (!ok) break;
    if (ts_tree_cursor_goto_first_child(&cursor)) continue;
    int more = 0;
    for (;;) {
      if (ts_tree_cursor_goto_next_sibling(&cursor)) {
        more = 1;
        break;
      }
      if (!ts_tree_cursor_goto_parent(&cursor)) break;
    }
    if (!more) break;
  }
  ts_tree_cursor_delete(&cursor);
  ts_tree_delete(tree);
  if (!ok) {
    napi_throw_error(env, NULL, "flat_tree.parse: out of memory");
    return NULL;
  }
  napi_value buffer, array, flag;
  /* a copy in memory the JavaScript heap owns: an external buffer's finalizer cost more than the
     parse of a short cron line */
  size_t bytes = out->length * sizeof(int32_t);
  void *copy = NULL;
  CHECK(napi_create_arraybuffer(env, bytes, &copy, &buffer));
  if (bytes > 0) memcpy(copy, out->data, bytes);
  if (out->capacity > KEEP_AT_MOST) {
    free(out->data);
    out->data = NULL;
    out->capacity = 0;
  }
  CHECK(napi_create_typedarray(env, napi_int32_array, out->length, buffer, 0, &array));
  CHECK(napi_create_object(env, &result));
  CHECK(napi_set_named_property(env, result, "nodes", array));
  CHECK(napi_get_boolean(env, has_error, &flag));
  CHECK(napi_set_named_property(env, result, "hasError", flag));
  return result;
}

static napi_value Names(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  const TSLanguage *language = argc > 0 ? language_of(env, argv[0]) : NULL;
  if (!language) {
    napi_throw_type_error(env, NULL, "flat_tree.names: not a tree-sitter language");
    return NULL;
  }
  uint32_t symbols = ts_language_symbol_count(language);
  uint32_t fields = ts_language_field_count(language);
  napi_value types, named, names, result, v;
  CHECK(napi_create_array_with_length(env, symbols, &types));
  CHECK(napi_create_array_with_length(env, symbols, &named));
  for (uint32_t i = 0; i < symbols; i++) {
    const char *name = ts_language_symbol_name(language, (TSSymbol)i);
    CHECK(napi_create_string_utf8(env, name ? name : "", NAPI_AUTO_LENGTH, &v));
    CHECK(napi_set_element(env, types, i, v));
    CHECK(napi_get_boolean(env, ts_language_symbol_type(language, (TSSymbol)i) == TSSymbolTypeRegular, &v));
    CHECK(napi_set_element(env, named, i, v));
  }
  CHECK(napi_create_array_with_length(env, fields + 1, &names));
  for (uint32_t i = 0; i <= fields; i++) {
    const char *name = i == 0 ? NULL : ts_language_field_name_for_id(language, (TSFieldId)i);
    if (name) CHECK(napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &v));
    else CHECK(napi_get_null(env, &v));
    CHECK(napi_set_element(env, names, i, v));
  }
  CHECK(napi_create_object(env, &result));
  CHECK(napi_set_named_property(env, result, "types", types));
  CHECK(napi_set_named_property(env, result, "named", named));
  CHECK(napi_set_named_property(env, result, "fields", names));
  return result;
}

NAPI_MODULE_INIT() {
  AddonData *d = (AddonData *)calloc(1, sizeof(AddonData));
  if (!d || napi_set_instance_data(env, d, free_addon, NULL) != napi_ok) return NULL;
  napi_property_descriptor props[] = {
      {"parse", NULL, Parse, NULL, NULL, NULL, napi_default, NULL},
      {"names", NULL, Names, NULL, NULL, NULL, napi_default, NULL},
  };
  if (napi_define_properties(env, exports, 2, props) != napi_ok) return NULL;
  return exports;
}
