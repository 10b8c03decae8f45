// Replays an index's documents into a new database with one writer, timing Xapian alone (the
// documents are rebuilt in memory first): what Xapian costs for govsearch's documents, with or
// without the section prefixes, against the reference's. docs/scaling.md quotes it.
//
//   g++ -O2 -o writer_replay writer_replay.cc -lxapian
//   ./writer_replay SOURCE_INDEX /tmp/replay as-is|merged [COMMIT_EVERY=1000]
//   (merged: section prefixes A–H dropped, as one term per bigram like the reference)
#include <xapian.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>
using namespace std;

static double now() { return chrono::duration<double>(chrono::steady_clock::now().time_since_epoch()).count(); }

int main(int argc, char** argv) {
    if (argc < 4) { fprintf(stderr, "usage: writer_replay SOURCE DEST as-is|merged [COMMIT_EVERY]\n"); return 2; }
    Xapian::Database in(argv[1]);
    bool merged = string(argv[3]) == "merged";
    size_t every = argc > 4 ? atoi(argv[4]) : 1000;
    vector<Xapian::Document> docs;
    for (Xapian::docid d = 1; d <= in.get_lastdocid(); ++d) {
        Xapian::Document o, n;
        try { o = in.get_document(d); } catch (const Xapian::DocNotFoundError&) { continue; }
        for (auto t = o.termlist_begin(); t != o.termlist_end(); ++t) {
            string term = *t;
            bool positional = t.positionlist_count() > 0;
            if (merged && positional && term[0] >= 'A' && term[0] <= 'H') term = term.substr(1);
            if (!positional) {
                if (t.get_wdf() == 0) n.add_boolean_term(term); else n.add_term(term, t.get_wdf());
                continue;
            }
            for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) n.add_posting(term, *p, 1);
        }
        for (auto v = o.values_begin(); v != o.values_end(); ++v) n.add_value(v.get_valueno(), *v);
        n.set_data(o.get_data());
        docs.push_back(n);
    }
    double t0 = now();
    Xapian::WritableDatabase db(argv[2], Xapian::DB_CREATE_OR_OVERWRITE);
    for (size_t i = 0; i < docs.size(); ++i) {
        db.add_document(docs[i]);
        if ((i + 1) % every == 0) db.commit();
    }
    db.commit();
    db.close();
    printf("%zu documents written in %.2f s (%s, commit every %zu)\n", docs.size(), now() - t0, argv[3], every);
}
