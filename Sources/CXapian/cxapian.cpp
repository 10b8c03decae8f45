// The C shim: each extern "C" function wraps its body in GUARD, which turns
// every exception into a cx_status and a malloc'd message. An exception that
// escaped would abort the process (the caller is Swift, not C++).
#include "cxapian.h"

#include <algorithm>
#include <xapian.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

struct cx_database {
    Xapian::Database db;
    Xapian::WritableDatabase wdb;
    bool writable = false;
    Xapian::Database &reader() { return writable ? wdb : db; }
};
struct cx_document { Xapian::Document doc; };
struct cx_query { Xapian::Query query; };
struct cx_spy { Xapian::ValueCountMatchSpy spy; explicit cx_spy(Xapian::valueno s) : spy(s) {} };

namespace {
struct CallbackDecider : Xapian::MatchDecider {
    cx_decider_callback cb;
    void *context;
    Xapian::valueno slot;
    Xapian::valueno shard_slot;
    uint32_t shards;
    CallbackDecider(cx_decider_callback c, void *ctx, Xapian::valueno s, Xapian::valueno ss, uint32_t n)
        : cb(c), context(ctx), slot(s), shard_slot(ss), shards(n) {}
    bool operator()(const Xapian::Document &doc) const override {
        std::string v = doc.get_value(slot);
        Xapian::docid did = doc.get_docid();
        if (shards > 1) {
            // Over several databases Xapian 1.4 hands the decider the docid within the document's
            // own shard; the shard's number (a value the indexer wrote) gives the combined docid.
            std::string s = doc.get_value(shard_slot);
            uint32_t k = 0;
            for (char c : s) k = k * 10 + uint32_t(c - '0');
            did = (did - 1) * shards + k + 1;
        }
        return cb(did, v.data(), v.size(), context) != 0;
    }
};
}  // namespace

struct cx_enquire {
    Xapian::Database db;
    Xapian::Enquire enquire;
    std::vector<std::unique_ptr<cx_spy>> spies;
    std::unique_ptr<CallbackDecider> decider;
    explicit cx_enquire(const Xapian::Database &d) : db(d), enquire(d) {}
};
struct cx_mset { Xapian::MSet mset; };

namespace {
char *copy_string(const std::string &s) {
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (p) {
        std::memcpy(p, s.data(), s.size());
        p[s.size()] = '\0';
    }
    return p;
}

void set_err(char **err, const std::string &message) {
    if (err) *err = copy_string(message);
}

cx_status classify(const Xapian::Error &e) {
    std::string type = e.get_type();
    if (type == "DatabaseLockError") return CX_ERR_LOCK;
    if (type == "DatabaseCorruptError") return CX_ERR_CORRUPT;
    if (type == "DatabaseModifiedError") return CX_ERR_MODIFIED;
    if (type == "DocNotFoundError") return CX_ERR_NOT_FOUND;
    if (type == "DatabaseOpeningError" || type == "DatabaseNotFoundError" || type == "DatabaseVersionError")
        return CX_ERR_OPENING;
    if (type == "NetworkError" || type == "NetworkTimeoutError") return CX_ERR_NETWORK;
    if (type == "UnimplementedError") return CX_ERR_UNIMPLEMENTED;
    if (type == "InvalidArgumentError" || type == "InvalidOperationError" || type == "RangeError" ||
        type == "QueryParserError" || type == "WildcardError")
        return CX_ERR_INVALID;
    if (type == "DatabaseError" || type == "DatabaseCreateError") return CX_ERR_IO;
    return CX_ERR_OTHER;
}

// Hands each string of a Xapian TermIterator range to cb until it asks to stop;
// `count` gives the number passed beside it.
template <typename Count>
void each_string(Xapian::TermIterator it, const Xapian::TermIterator &end, cx_string_callback cb, void *context,
                        Count count) {
    for (; it != end; ++it) {
        std::string s = *it;
        if (cb(s.data(), s.size(), count(it), context)) break;
    }
}

void out_bytes(const std::string &s, char **data, size_t *len) {
    *data = static_cast<char *>(std::malloc(s.size() ? s.size() : 1));
    if (!*data) throw std::bad_alloc();
    std::memcpy(*data, s.data(), s.size());
    *len = s.size();
}
}  // namespace

#define GUARD(...)                                                            \
    try {                                                                     \
        __VA_ARGS__;                                                               \
        return CX_OK;                                                         \
    } catch (const Xapian::Error &e) {                                        \
        set_err(err, e.get_description());                                    \
        return classify(e);                                                   \
    } catch (const std::bad_alloc &) {                                        \
        set_err(err, "out of memory");                                        \
        return CX_ERR_MEMORY;                                                 \
    } catch (const std::exception &e) {                                       \
        set_err(err, e.what());                                               \
        return CX_ERR_OTHER;                                                  \
    } catch (...) {                                                           \
        set_err(err, "unknown C++ exception");                                \
        return CX_ERR_OTHER;                                                  \
    }

extern "C" {

void cx_free(void *pointer) { std::free(pointer); }
const char *cx_version(void) { return Xapian::version_string(); }

// ------------------------------------------------------------ databases
cx_status cx_database_open(const char *path, cx_database **out, char **err) {
    GUARD({
        auto h = std::make_unique<cx_database>();
        h->db = Xapian::Database(path);
        *out = h.release();
    })
}

cx_status cx_database_open_remote(const char *host, unsigned port, unsigned timeout_ms, unsigned connect_timeout_ms,
                                  cx_database **out, char **err) {
    GUARD({
        auto h = std::make_unique<cx_database>();
        h->db = Xapian::Remote::open(host, port, timeout_ms, connect_timeout_ms);
        *out = h.release();
    })
}

cx_status cx_database_add(cx_database *db, cx_database *other, char **err) {
    GUARD({
        if (db->writable || other->writable) throw Xapian::InvalidOperationError("only read-only databases combine");
        db->db.add_database(other->db);
    })
}

cx_status cx_database_open_writable(const char *path, int create, cx_database **out, char **err) {
    GUARD({
        int action = create == 2 ? Xapian::DB_CREATE_OR_OVERWRITE
                     : create == 1 ? Xapian::DB_CREATE_OR_OPEN
                                   : Xapian::DB_OPEN;
        auto h = std::make_unique<cx_database>();
        h->wdb = Xapian::WritableDatabase(path, action);
        h->writable = true;
        *out = h.release();
    })
}

void cx_database_free(cx_database *db) {
    try {
        delete db;  // a WritableDatabase destructor may commit and throw
    } catch (...) {
    }
}

cx_status cx_database_close(cx_database *db, char **err) { GUARD(db->reader().close()) }

cx_status cx_database_reopen(cx_database *db, int *changed, char **err) {
    GUARD({
        bool c = db->reader().reopen();
        if (changed) *changed = c ? 1 : 0;
    })
}

cx_status cx_database_doccount(cx_database *db, uint32_t *out, char **err) {
    GUARD(*out = db->reader().get_doccount())
}

cx_status cx_database_lastdocid(cx_database *db, uint32_t *out, char **err) {
    GUARD(*out = db->reader().get_lastdocid())
}

cx_status cx_database_termfreq(cx_database *db, const char *term, size_t len, uint32_t *out, char **err) {
    GUARD(*out = db->reader().get_termfreq(std::string(term, len)))
}

cx_status cx_database_collfreq(cx_database *db, const char *term, size_t len, uint64_t *out, char **err) {
    GUARD(*out = db->reader().get_collection_freq(std::string(term, len)))
}

cx_status cx_database_commit(cx_database *db, char **err) {
    GUARD({
        if (!db->writable) throw Xapian::InvalidOperationError("database is read-only");
        db->wdb.commit();
    })
}

cx_status cx_database_replace_by_term(cx_database *db, const char *term, size_t len, cx_document *doc,
                                      uint32_t *docid, char **err) {
    GUARD({
        if (!db->writable) throw Xapian::InvalidOperationError("database is read-only");
        Xapian::docid id = db->wdb.replace_document(std::string(term, len), doc->doc);
        if (docid) *docid = id;
    })
}

cx_status cx_database_add_document(cx_database *db, cx_document *doc, uint32_t *docid, char **err) {
    GUARD({
        if (!db->writable) throw Xapian::InvalidOperationError("database is read-only");
        Xapian::docid id = db->wdb.add_document(doc->doc);
        if (docid) *docid = id;
    })
}

cx_status cx_database_delete_by_term(cx_database *db, const char *term, size_t len, char **err) {
    GUARD({
        if (!db->writable) throw Xapian::InvalidOperationError("database is read-only");
        db->wdb.delete_document(std::string(term, len));
    })
}

cx_status cx_database_docid_for_term(cx_database *db, const char *term, size_t len, uint32_t *docid, char **err) {
    GUARD({
        Xapian::Database &r = db->reader();
        Xapian::PostingIterator it = r.postlist_begin(std::string(term, len));
        *docid = it == r.postlist_end(std::string(term, len)) ? 0 : *it;
    })
}

cx_status cx_database_get_document(cx_database *db, uint32_t docid, cx_document **out, char **err) {
    GUARD({
        auto h = std::make_unique<cx_document>();
        h->doc = db->reader().get_document(docid);
        *out = h.release();
    })
}

cx_status cx_database_get_metadata(cx_database *db, const char *key, char **value, size_t *len, char **err) {
    GUARD(out_bytes(db->reader().get_metadata(key), value, len))
}

cx_status cx_database_set_metadata(cx_database *db, const char *key, const char *value, size_t len, char **err) {
    GUARD({
        if (!db->writable) throw Xapian::InvalidOperationError("database is read-only");
        db->wdb.set_metadata(key, std::string(value, len));
    })
}

cx_status cx_database_metadata_keys(cx_database *db, const char *prefix, size_t len, cx_string_callback cb,
                                    void *context, char **err) {
    GUARD({
        Xapian::Database &r = db->reader();
        std::string p(prefix, len);
        each_string(r.metadata_keys_begin(p), r.metadata_keys_end(p), cb, context, [](const Xapian::TermIterator &) { return 0; });
    })
}

cx_status cx_database_allterms(cx_database *db, const char *prefix, size_t len, cx_string_callback cb,
                               void *context, char **err) {
    GUARD({
        Xapian::Database &r = db->reader();
        std::string p(prefix, len);
        each_string(r.allterms_begin(p), r.allterms_end(p), cb, context,
                    [](const Xapian::TermIterator &it) { return it.get_termfreq(); });
    })
}

cx_status cx_database_doc_terms(cx_database *db, uint32_t docid, const char *prefix, size_t len,
                                cx_string_callback cb, void *context, char **err) {
    GUARD({
        Xapian::Database &r = db->reader();
        std::string p(prefix, len);
        auto it = r.termlist_begin(docid);
        auto end = r.termlist_end(docid);
        if (!p.empty()) it.skip_to(p);
        for (; it != end; ++it) {
            std::string t = *it;
            if (t.compare(0, p.size(), p) != 0) break;
            if (cb(t.data(), t.size(), it.get_wdf(), context)) break;
        }
    })
}

cx_status cx_database_positions(cx_database *db, uint32_t docid, const char *term, size_t len,
                                uint32_t **positions, size_t *count, char **err) {
    *positions = nullptr;
    *count = 0;
    GUARD({
        Xapian::Database &r = db->reader();
        std::string t(term, len);
        std::vector<uint32_t> v;
        for (auto it = r.positionlist_begin(docid, t); it != r.positionlist_end(docid, t); ++it) v.push_back(*it);
        if (!v.empty()) {
            *positions = static_cast<uint32_t *>(std::malloc(v.size() * sizeof(uint32_t)));
            if (!*positions) throw std::bad_alloc();
            std::memcpy(*positions, v.data(), v.size() * sizeof(uint32_t));
            *count = v.size();
        }
    })
}

cx_status cx_database_positions_in(cx_database *db, const uint32_t *docids, size_t ndocs, const char *term,
                                   size_t len, uint32_t **positions, size_t *count, size_t *begins, char **err) {
    GUARD({
        *positions = nullptr;
        *count = 0;
        Xapian::Database &r = db->reader();
        std::string t(term, len);
        std::vector<uint32_t> v;
        for (size_t i = 0; i < ndocs; ++i) {
            begins[i] = v.size();
            for (auto it = r.positionlist_begin(docids[i], t); it != r.positionlist_end(docids[i], t); ++it) v.push_back(*it);
        }
        begins[ndocs] = v.size();
        if (!v.empty()) {
            *positions = static_cast<uint32_t *>(std::malloc(v.size() * sizeof(uint32_t)));
            if (!*positions) throw std::bad_alloc();
            std::memcpy(*positions, v.data(), v.size() * sizeof(uint32_t));
            *count = v.size();
        }
    })
}

cx_status cx_database_value(cx_database *db, uint32_t docid, uint32_t slot, char **value, size_t *len, char **err) {
    GUARD({
        std::string v = db->reader().get_document(docid, Xapian::DOC_ASSUME_VALID).get_value(slot);
        out_bytes(v, value, len);
    })
}

cx_status cx_compact(const char *path, const char *dest, char **err) {
    GUARD({
        Xapian::Database src(path);
        src.compact(dest, Xapian::DBCOMPACT_NO_RENUMBER);
    })
}

// ------------------------------------------------------------ documents
cx_document *cx_document_new(void) { return new (std::nothrow) cx_document(); }
void cx_document_free(cx_document *doc) { delete doc; }

cx_status cx_document_add_posting(cx_document *doc, const char *term, size_t len, uint32_t pos, uint32_t wdfinc, char **err) {
    GUARD(doc->doc.add_posting(std::string(term, len), pos, wdfinc))
}
cx_status cx_document_add_term(cx_document *doc, const char *term, size_t len, uint32_t wdfinc, char **err) {
    GUARD(doc->doc.add_term(std::string(term, len), wdfinc))
}
cx_status cx_document_add_boolean_term(cx_document *doc, const char *term, size_t len, char **err) {
    GUARD(doc->doc.add_boolean_term(std::string(term, len)))
}
cx_status cx_document_remove_term(cx_document *doc, const char *term, size_t len, char **err) {
    GUARD(doc->doc.remove_term(std::string(term, len)))
}
cx_status cx_document_set_value(cx_document *doc, uint32_t slot, const char *value, size_t len, char **err) {
    GUARD(doc->doc.add_value(slot, std::string(value, len)))
}
cx_status cx_document_get_value(cx_document *doc, uint32_t slot, char **value, size_t *len, char **err) {
    GUARD(out_bytes(doc->doc.get_value(slot), value, len))
}
cx_status cx_document_set_data(cx_document *doc, const char *data, size_t len, char **err) {
    GUARD(doc->doc.set_data(std::string(data, len)))
}
cx_status cx_document_get_data(cx_document *doc, char **data, size_t *len, char **err) {
    GUARD(out_bytes(doc->doc.get_data(), data, len))
}
cx_status cx_document_terms(cx_document *doc, const char *prefix, size_t len, cx_string_callback cb, void *context, char **err) {
    GUARD({
        std::string p(prefix, len);
        auto it = doc->doc.termlist_begin();
        if (!p.empty()) it.skip_to(p);
        for (; it != doc->doc.termlist_end(); ++it) {
            std::string t = *it;
            if (t.compare(0, p.size(), p) != 0) break;
            if (cb(t.data(), t.size(), it.get_wdf(), context)) break;
        }
    })
}

// ------------------------------------------------------------ queries
static cx_query *wrap(Xapian::Query q) {
    try {
        return new cx_query{std::move(q)};
    } catch (...) {
        return nullptr;
    }
}

cx_query *cx_query_match_all(void) { return wrap(Xapian::Query::MatchAll); }
cx_query *cx_query_match_nothing(void) { return wrap(Xapian::Query::MatchNothing); }
cx_query *cx_query_term(const char *term, size_t len, uint32_t wqf, uint32_t pos) {
    try {
        return wrap(Xapian::Query(std::string(term, len), wqf, pos));
    } catch (...) {
        return nullptr;
    }
}
cx_query *cx_query_wildcard(const char *prefix, size_t len) {
    try {
        return wrap(Xapian::Query(Xapian::Query::OP_WILDCARD, std::string(prefix, len), 0,
                                  Xapian::Query::WILDCARD_LIMIT_ERROR, Xapian::Query::OP_SYNONYM));
    } catch (...) {
        return nullptr;
    }
}

cx_status cx_query_combine(cx_query_op op, cx_query *const *parts, size_t count, uint32_t window, cx_query **out,
                           char **err) {
    GUARD({
        static const Xapian::Query::op ops[] = {Xapian::Query::OP_AND, Xapian::Query::OP_OR,
                                                Xapian::Query::OP_AND_NOT, Xapian::Query::OP_FILTER,
                                                Xapian::Query::OP_PHRASE, Xapian::Query::OP_AND_MAYBE};
        if (op < 0 || op > CX_OP_AND_MAYBE) throw Xapian::InvalidArgumentError("unknown query operator");
        std::vector<Xapian::Query> v;
        v.reserve(count);
        for (size_t i = 0; i < count; ++i) v.push_back(parts[i]->query);
        *out = new cx_query{Xapian::Query(ops[op], v.begin(), v.end(), window)};
    })
}

cx_status cx_query_scale(cx_query *query, double factor, cx_query **out, char **err) {
    GUARD(*out = new cx_query{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, query->query, factor)})
}

void cx_query_free(cx_query *query) { delete query; }
char *cx_query_description(cx_query *query) {
    try {
        return copy_string(query->query.get_description());
    } catch (...) {
        return nullptr;
    }
}

// ------------------------------------------------------------ enquire
cx_status cx_enquire_new(cx_database *db, cx_enquire **out, char **err) {
    GUARD(*out = new cx_enquire(db->reader()))
}
void cx_enquire_free(cx_enquire *enq) { delete enq; }

cx_status cx_enquire_set_query(cx_enquire *enq, cx_query *query, char **err) {
    GUARD(enq->enquire.set_query(query->query))
}

cx_status cx_enquire_set_weighting(cx_enquire *enq, int use_bm25, double k1, double b, char **err) {
    GUARD({
        if (use_bm25)
            enq->enquire.set_weighting_scheme(Xapian::BM25Weight(k1, 0, 1, b, 0.5));
        else
            enq->enquire.set_weighting_scheme(Xapian::BoolWeight());
    })
}

cx_status cx_enquire_set_sort(cx_enquire *enq, int mode, uint32_t slot, int reverse, char **err) {
    GUARD({
        if (mode == 0)
            enq->enquire.set_sort_by_relevance();
        else if (mode == 1)
            enq->enquire.set_sort_by_value_then_relevance(slot, reverse != 0);
        else
            enq->enquire.set_sort_by_value(slot, reverse != 0);
    })
}

cx_status cx_enquire_set_docid_order_ascending(cx_enquire *enq, char **err) {
    GUARD(enq->enquire.set_docid_order(Xapian::Enquire::ASCENDING))
}

cx_status cx_enquire_add_value_count_spy(cx_enquire *enq, uint32_t slot, cx_spy **out, char **err) {
    GUARD({
        enq->spies.push_back(std::make_unique<cx_spy>(slot));
        enq->enquire.add_matchspy(&enq->spies.back()->spy);
        *out = enq->spies.back().get();
    })
}

cx_status cx_enquire_set_decider(cx_enquire *enq, cx_decider_callback cb, void *context, uint32_t slot,
                                 uint32_t shard_slot, uint32_t shards, char **err) {
    GUARD(enq->decider = std::make_unique<CallbackDecider>(cb, context, slot, shard_slot, shards))
}

cx_status cx_enquire_get_mset(cx_enquire *enq, uint32_t first, uint32_t max, uint32_t checkatleast,
                              cx_mset **out, char **err) {
    GUARD(*out = new cx_mset{enq->enquire.get_mset(first, max, checkatleast, nullptr, enq->decider.get())})
}

// ------------------------------------------------------------ match sets
void cx_mset_free(cx_mset *mset) { delete mset; }
uint32_t cx_mset_size(cx_mset *mset) { return mset->mset.size(); }
uint32_t cx_mset_matches_estimated(cx_mset *mset) { return mset->mset.get_matches_estimated(); }
uint32_t cx_mset_matches_lower_bound(cx_mset *mset) { return mset->mset.get_matches_lower_bound(); }
uint32_t cx_mset_matches_upper_bound(cx_mset *mset) { return mset->mset.get_matches_upper_bound(); }

cx_status cx_mset_item(cx_mset *mset, uint32_t index, uint32_t *docid, double *weight, char **err) {
    GUARD({
        if (index >= mset->mset.size()) throw Xapian::RangeError("match set index out of range");
        auto it = mset->mset[index];
        *docid = *it;
        *weight = it.get_weight();
    })
}

cx_status cx_mset_item_data(cx_mset *mset, uint32_t index, char **data, size_t *len, char **err) {
    GUARD({
        if (index >= mset->mset.size()) throw Xapian::RangeError("match set index out of range");
        out_bytes(mset->mset[index].get_document().get_data(), data, len);
    })
}

// ------------------------------------------------------------ spies
uint32_t cx_spy_total(cx_spy *spy) { return spy->spy.get_total(); }

cx_status cx_spy_values(cx_spy *spy, cx_string_callback cb, void *context, char **err) {
    GUARD({
        for (auto it = spy->spy.values_begin(); it != spy->spy.values_end(); ++it) {
            std::string v = *it;
            if (cb(v.data(), v.size(), it.get_termfreq(), context)) break;
        }
    })
}

cx_status cx_spy_top_values(cx_spy *spy, uint32_t limit, cx_string_callback cb, void *context, char **err) {
    GUARD({
        for (auto it = spy->spy.top_values_begin(limit); it != spy->spy.top_values_end(limit); ++it) {
            std::string v = *it;
            if (cb(v.data(), v.size(), it.get_termfreq(), context)) break;
        }
    })
}

// ------------------------------------------------------------ helpers
size_t cx_sortable_serialise(double value, char *buf) {
    try {
        std::string s = Xapian::sortable_serialise(value);
        std::memcpy(buf, s.data(), s.size());
        return s.size();
    } catch (...) {
        return 0;
    }
}

double cx_sortable_unserialise(const char *bytes, size_t len) {
    try {
        return Xapian::sortable_unserialise(std::string(bytes, len));
    } catch (...) {
        return 0;
    }
}

}  // extern "C"
