// The C shim: each extern "C" function that can fail runs its body through
// `guarded`, which turns every exception into a cx_status and a malloc'd
// message. An exception that escaped would abort the process (the caller is
// Swift, not C++). The shim passes calls through; choices are the caller's.
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


struct cx_enquire {
    Xapian::Database db;
    Xapian::Enquire enquire;
    std::vector<std::unique_ptr<cx_spy>> spies;
    explicit cx_enquire(const Xapian::Database &d) : db(d), enquire(d) {}
};
struct cx_mset { Xapian::MSet mset; };

namespace {
// A malloc'd, NUL-terminated copy (NULL when out of memory).
char *copy_string_nothrow(const char *s) noexcept {
    size_t n = std::strlen(s);
    char *p = static_cast<char *>(std::malloc(n + 1));
    if (p) std::memcpy(p, s, n + 1);
    return p;
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

// The status and message of a failure; a message that cannot be copied (no memory) is left out.
cx_status failed(char **err, cx_status status, const char *message) noexcept {
    if (err) *err = copy_string_nothrow(message);
    return status;
}
cx_status failed(char **err, cx_status status, const Xapian::Error &e) noexcept {
    try {
        return failed(err, status, e.get_description().c_str());
    } catch (...) {
        return failed(err, status, e.get_type());
    }
}

// The one place the shim decides error kinds: runs body and maps what it throws by the
// exception's class (so a subclass counts as its base, never as "other"). Clauses run from
// the most derived class to its base; a class listed beside its base keeps the decision explicit.
template <typename Body>
cx_status guarded(char **err, Body &&body) noexcept {
    try {
        body();
        return CX_OK;
    } catch (const Xapian::DatabaseLockError &e) {
        return failed(err, CX_ERR_LOCK, e);
    } catch (const Xapian::DatabaseModifiedError &e) {
        return failed(err, CX_ERR_MODIFIED, e);
    } catch (const Xapian::DatabaseCorruptError &e) {
        return failed(err, CX_ERR_CORRUPT, e);
    } catch (const Xapian::DatabaseNotFoundError &e) {
        return failed(err, CX_ERR_OPENING, e);
    } catch (const Xapian::DatabaseVersionError &e) {
        return failed(err, CX_ERR_OPENING, e);
    } catch (const Xapian::DatabaseOpeningError &e) {
        return failed(err, CX_ERR_OPENING, e);
    } catch (const Xapian::DocNotFoundError &e) {
        return failed(err, CX_ERR_NOT_FOUND, e);
    } catch (const Xapian::NetworkTimeoutError &e) {
        return failed(err, CX_ERR_NETWORK, e);
    } catch (const Xapian::NetworkError &e) {
        return failed(err, CX_ERR_NETWORK, e);
    } catch (const Xapian::UnimplementedError &e) {
        return failed(err, CX_ERR_UNIMPLEMENTED, e);
    } catch (const Xapian::InvalidArgumentError &e) {
        return failed(err, CX_ERR_INVALID, e);
    } catch (const Xapian::InvalidOperationError &e) {
        return failed(err, CX_ERR_INVALID, e);
    } catch (const Xapian::RangeError &e) {
        return failed(err, CX_ERR_INVALID, e);
    } catch (const Xapian::QueryParserError &e) {
        return failed(err, CX_ERR_QUERY, e);
    } catch (const Xapian::WildcardError &e) {
        return failed(err, CX_ERR_QUERY, e);
    } catch (const Xapian::SerialisationError &e) {
        return failed(err, CX_ERR_SERIALISATION, e);
    } catch (const Xapian::DatabaseError &e) {  // DatabaseCreateError, DatabaseClosedError, I/O
        return failed(err, CX_ERR_DATABASE, e);
    } catch (const Xapian::Error &e) {
        return failed(err, CX_ERR_XAPIAN, e);
    } catch (const std::bad_alloc &) {
        return failed(err, CX_ERR_MEMORY, "out of memory");
    } catch (const std::exception &e) {
        return failed(err, CX_ERR_OTHER, e.what());
    } catch (...) {
        return failed(err, CX_ERR_OTHER, "unknown C++ exception");
    }
}

Xapian::WritableDatabase &writer(cx_database *db) {
    if (!db->writable) throw Xapian::InvalidOperationError("database is read-only");
    return db->wdb;
}

cx_query *new_query(Xapian::Query q) { return new cx_query{std::move(q)}; }
}  // namespace

extern "C" {

void cx_free(void *pointer) { std::free(pointer); }
const char *cx_version(void) { return Xapian::version_string(); }

// ------------------------------------------------------------ databases
cx_status cx_database_open(const char *path, cx_database **out, char **err) {
    return guarded(err, [&] {
        auto h = std::make_unique<cx_database>();
        h->db = Xapian::Database(path);
        *out = h.release();
    });
}

cx_status cx_database_open_remote(const char *host, unsigned port, unsigned timeout_ms, unsigned connect_timeout_ms,
                                  cx_database **out, char **err) {
    return guarded(err, [&] {
        auto h = std::make_unique<cx_database>();
        h->db = Xapian::Remote::open(host, port, timeout_ms, connect_timeout_ms);
        *out = h.release();
    });
}

cx_status cx_database_add(cx_database *db, cx_database *other, char **err) {
    return guarded(err, [&] {
        if (db->writable || other->writable) throw Xapian::InvalidOperationError("only read-only databases combine");
        db->db.add_database(other->db);
    });
}

cx_status cx_database_open_writable(const char *path, cx_open_mode mode, cx_database **out, char **err) {
    return guarded(err, [&] {
        int action;
        switch (mode) {
            case CX_OPEN_EXISTING: action = Xapian::DB_OPEN; break;
            case CX_OPEN_CREATE_OR_OPEN: action = Xapian::DB_CREATE_OR_OPEN; break;
            case CX_OPEN_CREATE_OR_OVERWRITE: action = Xapian::DB_CREATE_OR_OVERWRITE; break;
            default: throw Xapian::InvalidArgumentError("unknown open mode");
        }
        auto h = std::make_unique<cx_database>();
        h->wdb = Xapian::WritableDatabase(path, action);
        h->writable = true;
        *out = h.release();
    });
}

void cx_database_free(cx_database *db) {
    try {
        delete db;  // Xapian's destructor catches its own commit errors; this is belt and braces
    } catch (...) {
    }
}

cx_status cx_database_close(cx_database *db, char **err) {
    return guarded(err, [&] { db->reader().close(); });
}

cx_status cx_database_reopen(cx_database *db, bool *changed, char **err) {
    return guarded(err, [&] {
        bool c = db->reader().reopen();
        if (changed) *changed = c;
    });
}

cx_status cx_database_doccount(cx_database *db, uint32_t *out, char **err) {
    return guarded(err, [&] { *out = db->reader().get_doccount(); });
}

cx_status cx_database_lastdocid(cx_database *db, uint32_t *out, char **err) {
    return guarded(err, [&] { *out = db->reader().get_lastdocid(); });
}

cx_status cx_database_termfreq(cx_database *db, const char *term, size_t len, uint32_t *out, char **err) {
    return guarded(err, [&] { *out = db->reader().get_termfreq(std::string(term, len)); });
}

cx_status cx_database_collfreq(cx_database *db, const char *term, size_t len, uint64_t *out, char **err) {
    return guarded(err, [&] { *out = db->reader().get_collection_freq(std::string(term, len)); });
}

cx_status cx_database_commit(cx_database *db, char **err) {
    return guarded(err, [&] { writer(db).commit(); });
}

cx_status cx_database_begin_transaction(cx_database *db, bool flushed, char **err) {
    return guarded(err, [&] { writer(db).begin_transaction(flushed); });
}

cx_status cx_database_commit_transaction(cx_database *db, char **err) {
    return guarded(err, [&] { writer(db).commit_transaction(); });
}

cx_status cx_database_cancel_transaction(cx_database *db, char **err) {
    return guarded(err, [&] { writer(db).cancel_transaction(); });
}

cx_status cx_database_replace_by_term(cx_database *db, const char *term, size_t len, cx_document *doc,
                                      uint32_t *docid, char **err) {
    return guarded(err, [&] {
        Xapian::docid id = writer(db).replace_document(std::string(term, len), doc->doc);
        if (docid) *docid = id;
    });
}

cx_status cx_database_add_document(cx_database *db, cx_document *doc, uint32_t *docid, char **err) {
    return guarded(err, [&] {
        Xapian::docid id = writer(db).add_document(doc->doc);
        if (docid) *docid = id;
    });
}

cx_status cx_database_delete_by_term(cx_database *db, const char *term, size_t len, char **err) {
    return guarded(err, [&] { writer(db).delete_document(std::string(term, len)); });
}

cx_status cx_database_docid_for_term(cx_database *db, const char *term, size_t len, uint32_t *docid, char **err) {
    return guarded(err, [&] {
        Xapian::Database &r = db->reader();
        std::string t(term, len);
        Xapian::PostingIterator it = r.postlist_begin(t);
        *docid = it == r.postlist_end(t) ? 0 : *it;
    });
}

cx_status cx_database_get_document(cx_database *db, uint32_t docid, cx_document **out, char **err) {
    return guarded(err, [&] {
        auto h = std::make_unique<cx_document>();
        h->doc = db->reader().get_document(docid);
        *out = h.release();
    });
}

cx_status cx_database_get_metadata(cx_database *db, const char *key, size_t key_len, char **value, size_t *len,
                                   char **err) {
    return guarded(err, [&] { out_bytes(db->reader().get_metadata(std::string(key, key_len)), value, len); });
}

cx_status cx_database_set_metadata(cx_database *db, const char *key, size_t key_len, const char *value, size_t len,
                                   char **err) {
    return guarded(err, [&] { writer(db).set_metadata(std::string(key, key_len), std::string(value, len)); });
}

cx_status cx_database_metadata_keys(cx_database *db, const char *prefix, size_t len, cx_string_callback cb,
                                    void *context, char **err) {
    return guarded(err, [&] {
        Xapian::Database &r = db->reader();
        std::string p(prefix, len);
        each_string(r.metadata_keys_begin(p), r.metadata_keys_end(p), cb, context,
                    [](const Xapian::TermIterator &) { return 0; });
    });
}

cx_status cx_database_allterms(cx_database *db, const char *prefix, size_t len, cx_string_callback cb,
                               void *context, char **err) {
    return guarded(err, [&] {
        Xapian::Database &r = db->reader();
        std::string p(prefix, len);
        each_string(r.allterms_begin(p), r.allterms_end(p), cb, context,
                    [](const Xapian::TermIterator &it) { return it.get_termfreq(); });
    });
}

cx_status cx_database_doc_terms(cx_database *db, uint32_t docid, const char *prefix, size_t len,
                                cx_string_callback cb, void *context, char **err) {
    return guarded(err, [&] {
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
    });
}

namespace {
// Copies positions into a malloc'd array (NULL when there are none).
void out_positions(const std::vector<uint32_t> &v, uint32_t **positions, size_t *count) {
    if (v.empty()) return;
    *positions = static_cast<uint32_t *>(std::malloc(v.size() * sizeof(uint32_t)));
    if (!*positions) throw std::bad_alloc();
    std::memcpy(*positions, v.data(), v.size() * sizeof(uint32_t));
    *count = v.size();
}
}  // namespace

cx_status cx_database_positions(cx_database *db, uint32_t docid, const char *term, size_t len,
                                uint32_t **positions, size_t *count, char **err) {
    *positions = nullptr;
    *count = 0;
    return guarded(err, [&] {
        Xapian::Database &r = db->reader();
        std::string t(term, len);
        std::vector<uint32_t> v;
        for (auto it = r.positionlist_begin(docid, t); it != r.positionlist_end(docid, t); ++it) v.push_back(*it);
        out_positions(v, positions, count);
    });
}


cx_status cx_database_value(cx_database *db, uint32_t docid, uint32_t slot, char **value, size_t *len, char **err) {
    return guarded(err, [&] {
        std::string v = db->reader().get_document(docid, Xapian::DOC_ASSUME_VALID).get_value(slot);
        out_bytes(v, value, len);
    });
}

cx_status cx_database_values(cx_database *db, uint32_t slot, cx_value_callback cb, void *context, char **err) {
    return guarded(err, [&] {
        Xapian::Database &r = db->reader();
        for (Xapian::ValueIterator it = r.valuestream_begin(slot), end = r.valuestream_end(slot); it != end; ++it) {
            std::string v = *it;
            if (cb(it.get_docid(), v.data(), v.size(), context)) break;
        }
    });
}

cx_status cx_compact(const char *path, const char *dest, char **err) {
    return guarded(err, [&] {
        Xapian::Database src(path);
        src.compact(dest, Xapian::DBCOMPACT_NO_RENUMBER);
    });
}

// ------------------------------------------------------------ documents
cx_status cx_document_new(cx_document **out, char **err) {
    return guarded(err, [&] { *out = new cx_document(); });
}
void cx_document_free(cx_document *doc) { delete doc; }

cx_status cx_document_add_posting(cx_document *doc, const char *term, size_t len, uint32_t pos, uint32_t wdfinc, char **err) {
    return guarded(err, [&] { doc->doc.add_posting(std::string(term, len), pos, wdfinc); });
}
cx_status cx_document_add_term(cx_document *doc, const char *term, size_t len, uint32_t wdfinc, char **err) {
    return guarded(err, [&] { doc->doc.add_term(std::string(term, len), wdfinc); });
}
cx_status cx_document_add_boolean_term(cx_document *doc, const char *term, size_t len, char **err) {
    return guarded(err, [&] { doc->doc.add_boolean_term(std::string(term, len)); });
}
cx_status cx_document_remove_term(cx_document *doc, const char *term, size_t len, char **err) {
    return guarded(err, [&] { doc->doc.remove_term(std::string(term, len)); });
}
cx_status cx_document_termlist_count(cx_document *doc, uint32_t *out, char **err) {
    return guarded(err, [&] { *out = doc->doc.termlist_count(); });
}
cx_status cx_document_set_value(cx_document *doc, uint32_t slot, const char *value, size_t len, char **err) {
    return guarded(err, [&] { doc->doc.add_value(slot, std::string(value, len)); });
}
cx_status cx_document_get_value(cx_document *doc, uint32_t slot, char **value, size_t *len, char **err) {
    return guarded(err, [&] { out_bytes(doc->doc.get_value(slot), value, len); });
}
cx_status cx_document_set_data(cx_document *doc, const char *data, size_t len, char **err) {
    return guarded(err, [&] { doc->doc.set_data(std::string(data, len)); });
}
cx_status cx_document_get_data(cx_document *doc, char **data, size_t *len, char **err) {
    return guarded(err, [&] { out_bytes(doc->doc.get_data(), data, len); });
}
cx_status cx_document_terms(cx_document *doc, const char *prefix, size_t len, cx_string_callback cb, void *context, char **err) {
    return guarded(err, [&] {
        std::string p(prefix, len);
        auto it = doc->doc.termlist_begin();
        if (!p.empty()) it.skip_to(p);
        for (; it != doc->doc.termlist_end(); ++it) {
            std::string t = *it;
            if (t.compare(0, p.size(), p) != 0) break;
            if (cb(t.data(), t.size(), it.get_wdf(), context)) break;
        }
    });
}

// ------------------------------------------------------------ queries
cx_status cx_query_match_all(cx_query **out, char **err) {
    return guarded(err, [&] { *out = new_query(Xapian::Query::MatchAll); });
}
cx_status cx_query_match_nothing(cx_query **out, char **err) {
    return guarded(err, [&] { *out = new_query(Xapian::Query::MatchNothing); });
}
cx_status cx_query_term(const char *term, size_t len, uint32_t wqf, uint32_t pos, cx_query **out, char **err) {
    return guarded(err, [&] { *out = new_query(Xapian::Query(std::string(term, len), wqf, pos)); });
}
cx_status cx_query_wildcard(const char *prefix, size_t len, cx_query **out, char **err) {
    return guarded(err, [&] {
        *out = new_query(Xapian::Query(Xapian::Query::OP_WILDCARD, std::string(prefix, len), 0,
                                       Xapian::Query::WILDCARD_LIMIT_ERROR, Xapian::Query::OP_SYNONYM));
    });
}

cx_status cx_query_fixed_weight(double weight, cx_query **out, char **err) {
    return guarded(err, [&] {
        Xapian::PostingSource *source = new Xapian::FixedWeightPostingSource(weight);
        *out = new_query(Xapian::Query(source->release()));
    });
}

cx_status cx_query_value_range(uint32_t slot, const char *low, size_t low_len, const char *high, size_t high_len,
                               cx_query **out, char **err) {
    return guarded(err, [&] {
        *out = new_query(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, std::string(low, low_len),
                                       std::string(high, high_len)));
    });
}

cx_status cx_query_combine(cx_query_op op, cx_query *const *parts, size_t count, uint32_t window, cx_query **out,
                           char **err) {
    return guarded(err, [&] {
        Xapian::Query::op x;
        switch (op) {
            case CX_OP_AND: x = Xapian::Query::OP_AND; break;
            case CX_OP_OR: x = Xapian::Query::OP_OR; break;
            case CX_OP_AND_NOT: x = Xapian::Query::OP_AND_NOT; break;
            case CX_OP_FILTER: x = Xapian::Query::OP_FILTER; break;
            case CX_OP_PHRASE: x = Xapian::Query::OP_PHRASE; break;
            case CX_OP_AND_MAYBE: x = Xapian::Query::OP_AND_MAYBE; break;
            case CX_OP_SYNONYM: x = Xapian::Query::OP_SYNONYM; break;
            default: throw Xapian::InvalidArgumentError("unknown query operator");
        }
        std::vector<Xapian::Query> v;
        v.reserve(count);
        for (size_t i = 0; i < count; ++i) v.push_back(parts[i]->query);
        *out = new_query(Xapian::Query(x, v.begin(), v.end(), window));
    });
}

cx_status cx_query_scale(cx_query *query, double factor, cx_query **out, char **err) {
    return guarded(err, [&] { *out = new_query(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, query->query, factor)); });
}

void cx_query_free(cx_query *query) { delete query; }

cx_status cx_query_description(cx_query *query, char **text, size_t *len, char **err) {
    return guarded(err, [&] { out_bytes(query->query.get_description(), text, len); });
}

// ------------------------------------------------------------ enquire
cx_status cx_enquire_new(cx_database *db, cx_enquire **out, char **err) {
    return guarded(err, [&] { *out = new cx_enquire(db->reader()); });
}
void cx_enquire_free(cx_enquire *enq) { delete enq; }

cx_status cx_enquire_set_query(cx_enquire *enq, cx_query *query, char **err) {
    return guarded(err, [&] { enq->enquire.set_query(query->query); });
}

cx_status cx_enquire_set_weighting(cx_enquire *enq, cx_weighting weighting, double k1, double b, char **err) {
    return guarded(err, [&] {
        switch (weighting) {
            case CX_WEIGHTING_BM25: enq->enquire.set_weighting_scheme(Xapian::BM25Weight(k1, 0, 1, b, 0.5)); break;
            case CX_WEIGHTING_BOOLEAN: enq->enquire.set_weighting_scheme(Xapian::BoolWeight()); break;
            default: throw Xapian::InvalidArgumentError("unknown weighting");
        }
    });
}

cx_status cx_enquire_set_sort(cx_enquire *enq, cx_sort_by by, uint32_t slot, cx_sort_direction direction, char **err) {
    return guarded(err, [&] {
        bool reverse;
        switch (direction) {
            case CX_SORT_ASCENDING: reverse = false; break;
            case CX_SORT_DESCENDING: reverse = true; break;
            default: throw Xapian::InvalidArgumentError("unknown sort direction");
        }
        switch (by) {
            case CX_SORT_RELEVANCE: enq->enquire.set_sort_by_relevance(); break;
            case CX_SORT_VALUE_THEN_RELEVANCE: enq->enquire.set_sort_by_value_then_relevance(slot, reverse); break;
            case CX_SORT_VALUE: enq->enquire.set_sort_by_value(slot, reverse); break;
            default: throw Xapian::InvalidArgumentError("unknown sort order");
        }
    });
}

cx_status cx_enquire_set_docid_order_ascending(cx_enquire *enq, char **err) {
    return guarded(err, [&] { enq->enquire.set_docid_order(Xapian::Enquire::ASCENDING); });
}

cx_status cx_enquire_add_value_count_spy(cx_enquire *enq, uint32_t slot, cx_spy **out, char **err) {
    return guarded(err, [&] {
        enq->spies.push_back(std::make_unique<cx_spy>(slot));
        enq->enquire.add_matchspy(&enq->spies.back()->spy);
        *out = enq->spies.back().get();
    });
}

cx_status cx_enquire_get_mset(cx_enquire *enq, uint32_t first, uint32_t max, uint32_t checkatleast,
                              cx_mset **out, char **err) {
    return guarded(err, [&] {
        *out = new cx_mset{enq->enquire.get_mset(first, max, checkatleast)};
    });
}

// ------------------------------------------------------------ match sets
void cx_mset_free(cx_mset *mset) { delete mset; }
uint32_t cx_mset_size(cx_mset *mset) { return mset->mset.size(); }
uint32_t cx_mset_matches_estimated(cx_mset *mset) { return mset->mset.get_matches_estimated(); }
uint32_t cx_mset_matches_lower_bound(cx_mset *mset) { return mset->mset.get_matches_lower_bound(); }
uint32_t cx_mset_matches_upper_bound(cx_mset *mset) { return mset->mset.get_matches_upper_bound(); }

cx_status cx_mset_item(cx_mset *mset, uint32_t index, uint32_t *docid, double *weight, char **err) {
    return guarded(err, [&] {
        if (index >= mset->mset.size()) throw Xapian::RangeError("match set index out of range");
        auto it = mset->mset[index];
        *docid = *it;
        *weight = it.get_weight();
    });
}

cx_status cx_mset_item_data(cx_mset *mset, uint32_t index, char **data, size_t *len, char **err) {
    return guarded(err, [&] {
        if (index >= mset->mset.size()) throw Xapian::RangeError("match set index out of range");
        out_bytes(mset->mset[index].get_document().get_data(), data, len);
    });
}

cx_status cx_mset_item_sort_key(cx_mset *mset, uint32_t index, char **key, size_t *len, char **err) {
    return guarded(err, [&] {
        if (index >= mset->mset.size()) throw Xapian::RangeError("match set index out of range");
        out_bytes(mset->mset[index].get_sort_key(), key, len);
    });
}

// ------------------------------------------------------------ spies
uint32_t cx_spy_total(cx_spy *spy) { return spy->spy.get_total(); }

cx_status cx_spy_values(cx_spy *spy, cx_string_callback cb, void *context, char **err) {
    return guarded(err, [&] {
        for (auto it = spy->spy.values_begin(); it != spy->spy.values_end(); ++it) {
            std::string v = *it;
            if (cb(v.data(), v.size(), it.get_termfreq(), context)) break;
        }
    });
}

cx_status cx_spy_top_values(cx_spy *spy, uint32_t limit, cx_string_callback cb, void *context, char **err) {
    return guarded(err, [&] {
        for (auto it = spy->spy.top_values_begin(limit); it != spy->spy.top_values_end(limit); ++it) {
            std::string v = *it;
            if (cb(v.data(), v.size(), it.get_termfreq(), context)) break;
        }
    });
}

// ------------------------------------------------------------ helpers
size_t cx_sortable_serialise(double value, char *buf) { return Xapian::sortable_serialise_(value, buf); }

cx_status cx_sortable_unserialise(const char *bytes, size_t len, double *out, char **err) {
    return guarded(err, [&] { *out = Xapian::sortable_unserialise(std::string(bytes, len)); });
}

}  // extern "C"
