/* Plain C interface over the Xapian 1.4 C++ library.
 *
 * Every function that can fail returns a cx_status (CX_OK on success) and,
 * on failure, stores a malloc'd message in *err that the caller frees with
 * cx_free(). No C++ exception ever crosses this boundary. Handles are opaque
 * and freed with their own *_free function.
 *
 * Byte strings Xapian keeps (terms, values, document data, metadata keys and
 * values) are (pointer, length) pairs, as they may hold any byte. File paths
 * and host names are NUL-terminated: the operating system takes them so, and a
 * length would only hide a NUL that cuts them short.
 *
 * Modes are enums, yes/no flags are bool: no magic integers.
 */
#ifndef CXAPIAN_H
#define CXAPIAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One status per group of Xapian error classes (the shim catches each class by type, so a
 * subclass counts as its base). */
typedef enum cx_status {
    CX_OK = 0,
    CX_ERR_OPENING = 1,       /* DatabaseOpeningError, DatabaseNotFoundError, DatabaseVersionError */
    CX_ERR_LOCK = 2,          /* DatabaseLockError: another writer holds the lock */
    CX_ERR_CORRUPT = 3,       /* DatabaseCorruptError */
    CX_ERR_MODIFIED = 4,      /* DatabaseModifiedError: reopen and retry */
    CX_ERR_INVALID = 5,       /* InvalidArgumentError, InvalidOperationError, RangeError */
    CX_ERR_NOT_FOUND = 6,     /* DocNotFoundError */
    CX_ERR_DATABASE = 7,      /* any other DatabaseError: I/O error, disk full, read-only, closed, create */
    CX_ERR_MEMORY = 8,        /* std::bad_alloc */
    CX_ERR_OTHER = 9,         /* a C++ exception that is not a Xapian error */
    CX_ERR_NETWORK = 10,      /* NetworkError, NetworkTimeoutError: a remote shard is down or too slow */
    CX_ERR_UNIMPLEMENTED = 11,/* UnimplementedError (something a remote shard cannot do) */
    CX_ERR_QUERY = 12,        /* QueryParserError, WildcardError (a wildcard over its expansion limit) */
    CX_ERR_SERIALISATION = 13,/* SerialisationError */
    CX_ERR_XAPIAN = 14        /* any other Xapian::Error (AssertionError, FeatureUnavailableError, InternalError) */
} cx_status;

/* How to open a database for writing (Xapian's DB_* actions). */
typedef enum cx_open_mode {
    CX_OPEN_EXISTING = 0,            /* DB_OPEN: the database must exist */
    CX_OPEN_CREATE_OR_OPEN = 1,      /* DB_CREATE_OR_OPEN */
    CX_OPEN_CREATE_OR_OVERWRITE = 2  /* DB_CREATE_OR_OVERWRITE */
} cx_open_mode;

typedef enum cx_weighting {
    CX_WEIGHTING_BM25 = 0,    /* Xapian::BM25Weight with the k1 and b given */
    CX_WEIGHTING_BOOLEAN = 1  /* Xapian::BoolWeight: every match weighs 0 */
} cx_weighting;

typedef enum cx_sort_by {
    CX_SORT_RELEVANCE = 0,
    CX_SORT_VALUE_THEN_RELEVANCE = 1,
    CX_SORT_VALUE = 2
} cx_sort_by;

typedef enum cx_sort_direction {
    CX_SORT_ASCENDING = 0,
    CX_SORT_DESCENDING = 1
} cx_sort_direction;

typedef struct cx_database cx_database;
typedef struct cx_document cx_document;
typedef struct cx_query cx_query;
typedef struct cx_enquire cx_enquire;
typedef struct cx_mset cx_mset;
typedef struct cx_spy cx_spy;

/* Called with one byte string (and a count where it has one); return true to stop. */
typedef bool (*cx_string_callback)(const char *bytes, size_t len, uint32_t count, void *context);

void cx_free(void *pointer);
const char *cx_version(void);

/* ---- databases ---- */
cx_status cx_database_open(const char *path, cx_database **out, char **err);
/* A database served by xapian-tcpsrv; timeouts in milliseconds. */
cx_status cx_database_open_remote(const char *host, unsigned port, unsigned timeout_ms, unsigned connect_timeout_ms,
                                  cx_database **out, char **err);
/* Adds `other`'s shards to `db` (searched as one; `other` may be freed afterwards). */
cx_status cx_database_add(cx_database *db, cx_database *other, char **err);
cx_status cx_database_open_writable(const char *path, cx_open_mode mode, cx_database **out, char **err);
/* Xapian's destructor: a writable database commits its pending changes here, unless a
 * transaction is in progress, which is cancelled. Errors are lost: close first to see them. */
void cx_database_free(cx_database *db);
/* Xapian's close(): as the destructor (commits pending changes outside a transaction,
 * cancels one in progress), then releases the lock and files. */
cx_status cx_database_close(cx_database *db, char **err);
cx_status cx_database_reopen(cx_database *db, bool *changed, char **err);
cx_status cx_database_doccount(cx_database *db, uint32_t *out, char **err);
cx_status cx_database_lastdocid(cx_database *db, uint32_t *out, char **err);
cx_status cx_database_termfreq(cx_database *db, const char *term, size_t len, uint32_t *out, char **err);
/* Occurrences of a term in the whole database (its collection frequency). */
cx_status cx_database_collfreq(cx_database *db, const char *term, size_t len, uint64_t *out, char **err);
cx_status cx_database_commit(cx_database *db, char **err);
/* Transactions (Xapian's begin/commit/cancel_transaction): the changes between begin and
 * commit become visible together or not at all. A flushed transaction commits what was
 * pending before it at begin, and commits itself at commit; cancelling an unflushed one
 * also discards what was pending before it. */
cx_status cx_database_begin_transaction(cx_database *db, bool flushed, char **err);
cx_status cx_database_commit_transaction(cx_database *db, char **err);
/* Discards the transaction's changes; the transaction is over even when this fails. */
cx_status cx_database_cancel_transaction(cx_database *db, char **err);
cx_status cx_database_replace_by_term(cx_database *db, const char *term, size_t len, cx_document *doc,
                                      uint32_t *docid, char **err);
/* For a document known to be new: no lookup of an id term. */
cx_status cx_database_add_document(cx_database *db, cx_document *doc, uint32_t *docid, char **err);
cx_status cx_database_delete_by_term(cx_database *db, const char *term, size_t len, char **err);
cx_status cx_database_get_document(cx_database *db, uint32_t docid, cx_document **out, char **err);
/* The first document indexed by term (*docid = 0 when none). */
cx_status cx_database_docid_for_term(cx_database *db, const char *term, size_t len, uint32_t *docid, char **err);
/* *value is malloc'd (empty when the key is unset). */
cx_status cx_database_get_metadata(cx_database *db, const char *key, size_t key_len, char **value, size_t *len,
                                   char **err);
/* An empty value removes the key. */
cx_status cx_database_set_metadata(cx_database *db, const char *key, size_t key_len, const char *value, size_t len,
                                   char **err);
/* Every user metadata key starting with prefix, in sorted order. */
cx_status cx_database_metadata_keys(cx_database *db, const char *prefix, size_t len, cx_string_callback cb,
                                    void *context, char **err);
/* Every term starting with prefix, in sorted order, with its document frequency. */
cx_status cx_database_allterms(cx_database *db, const char *prefix, size_t len, cx_string_callback cb,
                               void *context, char **err);
/* Terms of one document starting with prefix. */
cx_status cx_database_doc_terms(cx_database *db, uint32_t docid, const char *prefix, size_t len,
                                cx_string_callback cb, void *context, char **err);
/* Positions of term in docid (ascending); *positions is malloc'd (NULL when none). */
cx_status cx_database_positions(cx_database *db, uint32_t docid, const char *term, size_t len,
                                uint32_t **positions, size_t *count, char **err);
/* Document value of one slot without loading the whole document. */
cx_status cx_database_value(cx_database *db, uint32_t docid, uint32_t slot, char **value, size_t *len, char **err);
/* Every document's value in one slot, in docid order, from the slot's value stream (a local
 * database reads the slot once instead of once per document). The callback returns true to stop. */
typedef bool (*cx_value_callback)(uint32_t docid, const char *bytes, size_t len, void *context);
cx_status cx_database_values(cx_database *db, uint32_t slot, cx_value_callback cb, void *context, char **err);
/* Compact the database at path into a new directory dest. */
cx_status cx_compact(const char *path, const char *dest, char **err);

/* ---- documents ---- */
cx_status cx_document_new(cx_document **out, char **err);
void cx_document_free(cx_document *doc);
cx_status cx_document_add_posting(cx_document *doc, const char *term, size_t len, uint32_t pos, uint32_t wdfinc, char **err);
cx_status cx_document_add_term(cx_document *doc, const char *term, size_t len, uint32_t wdfinc, char **err);
cx_status cx_document_add_boolean_term(cx_document *doc, const char *term, size_t len, char **err);
/* Removes a term (with its positions) from a document; fails when the document lacks it. */
cx_status cx_document_remove_term(cx_document *doc, const char *term, size_t len, char **err);
cx_status cx_document_termlist_count(cx_document *doc, uint32_t *out, char **err);
cx_status cx_document_set_value(cx_document *doc, uint32_t slot, const char *value, size_t len, char **err);
cx_status cx_document_get_value(cx_document *doc, uint32_t slot, char **value, size_t *len, char **err);
cx_status cx_document_set_data(cx_document *doc, const char *data, size_t len, char **err);
cx_status cx_document_get_data(cx_document *doc, char **data, size_t *len, char **err);
/* Every boolean/probabilistic term of a document starting with prefix. */
cx_status cx_document_terms(cx_document *doc, const char *prefix, size_t len, cx_string_callback cb, void *context, char **err);

/* ---- queries (immutable; combining copies the parts, which stay owned by the caller) ---- */
typedef enum cx_query_op {
    CX_OP_AND = 0, CX_OP_OR = 1, CX_OP_AND_NOT = 2, CX_OP_FILTER = 3, CX_OP_PHRASE = 4,
    CX_OP_AND_MAYBE = 5, CX_OP_SYNONYM = 6
} cx_query_op;
cx_status cx_query_match_all(cx_query **out, char **err);
cx_status cx_query_match_nothing(cx_query **out, char **err);
cx_status cx_query_term(const char *term, size_t len, uint32_t wqf, uint32_t pos, cx_query **out, char **err);
/* Any term starting with prefix (no expansion limit). */
cx_status cx_query_wildcard(const char *prefix, size_t len, cx_query **out, char **err);
/* Every document, with this fixed weight (Xapian's FixedWeightPostingSource: remote shards know it). */
cx_status cx_query_fixed_weight(double weight, cx_query **out, char **err);
/* Documents whose value in slot lies in [low, high] (byte order). */
cx_status cx_query_value_range(uint32_t slot, const char *low, size_t low_len, const char *high, size_t high_len,
                               cx_query **out, char **err);
/* A window other than 0 is for CX_OP_PHRASE only (Xapian refuses it elsewhere). */
cx_status cx_query_combine(cx_query_op op, cx_query *const *parts, size_t count, uint32_t window, cx_query **out, char **err);
/* Scales the weight of a subquery (e.g. 0 to make it purely boolean; Xapian refuses factor < 0). */
cx_status cx_query_scale(cx_query *query, double factor, cx_query **out, char **err);
void cx_query_free(cx_query *query);
/* Xapian's description of the query; *text is malloc'd. */
cx_status cx_query_description(cx_query *query, char **text, size_t *len, char **err);

/* ---- enquire ---- */
cx_status cx_enquire_new(cx_database *db, cx_enquire **out, char **err);
void cx_enquire_free(cx_enquire *enq);
cx_status cx_enquire_set_query(cx_enquire *enq, cx_query *query, char **err);
/* k1 and b are BM25's (k2 0, k3 1, min_normlen 0.5); the boolean weighting ignores them. */
cx_status cx_enquire_set_weighting(cx_enquire *enq, cx_weighting weighting, double k1, double b, char **err);
/* slot and direction are ignored when sorting by relevance. */
cx_status cx_enquire_set_sort(cx_enquire *enq, cx_sort_by by, uint32_t slot, cx_sort_direction direction, char **err);
cx_status cx_enquire_set_docid_order_ascending(cx_enquire *enq, char **err);
/* The spy is owned by the enquire and lives as long as it. */
cx_status cx_enquire_add_value_count_spy(cx_enquire *enq, uint32_t slot, cx_spy **out, char **err);
cx_status cx_enquire_get_mset(cx_enquire *enq, uint32_t first, uint32_t max, uint32_t checkatleast,
                              cx_mset **out, char **err);

/* ---- match sets ---- */
void cx_mset_free(cx_mset *mset);
uint32_t cx_mset_size(cx_mset *mset);
/* With checkatleast = doccount these three agree and are exact. */
uint32_t cx_mset_matches_estimated(cx_mset *mset);
uint32_t cx_mset_matches_lower_bound(cx_mset *mset);
uint32_t cx_mset_matches_upper_bound(cx_mset *mset);
cx_status cx_mset_item(cx_mset *mset, uint32_t index, uint32_t *docid, double *weight, char **err);
cx_status cx_mset_item_data(cx_mset *mset, uint32_t index, char **data, size_t *len, char **err);
/* The item's sort key: the value it was sorted by, sent with the match set by a remote shard
   (no document fetch). */
cx_status cx_mset_item_sort_key(cx_mset *mset, uint32_t index, char **key, size_t *len, char **err);

/* ---- value count spies ---- */
uint32_t cx_spy_total(cx_spy *spy);
/* Every value seen with the number of matching documents that had it. */
cx_status cx_spy_values(cx_spy *spy, cx_string_callback cb, void *context, char **err);

/* The `limit` most frequent values, most frequent first (ties in value order). */
cx_status cx_spy_top_values(cx_spy *spy, uint32_t limit, cx_string_callback cb, void *context, char **err);

/* ---- helpers ---- */
/* Xapian::sortable_serialise_ into buf (at least 9 bytes); returns the length. Cannot fail. */
size_t cx_sortable_serialise(double value, char *buf);
cx_status cx_sortable_unserialise(const char *bytes, size_t len, double *out, char **err);

#ifdef __cplusplus
}
#endif
#endif
