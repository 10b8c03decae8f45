// Times Xapian alone on one query shape over an index, as govsearch's --batch asks it (BM25,
// year and agency ValueCountMatchSpy, exact totals): what the section design costs a query,
// without the Swift around it. docs/scaling.md quotes it.
//
//   g++ -O2 -o query_shapes query_shapes.cc -lxapian
//   ./query_shapes REFERENCE_DB plain 20     # the reference's plain bigram phrases
//   ./query_shapes GOVSEARCH_INDEX sections 20   # OR of one PHRASE per section form
//   ./query_shapes GOVSEARCH_INDEX slots 20      # one PHRASE whose slots OR the forms (govsearch now)
#include <xapian.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>
using namespace std;

static double now() { return chrono::duration<double>(chrono::steady_clock::now().time_since_epoch()).count(); }

static vector<string> chars(const string& s) {
    vector<string> v;
    for (size_t i = 0; i < s.size();) {
        size_t n = (unsigned char)s[i] >= 0xE0 ? 3 : 1;
        v.push_back(s.substr(i, n));
        i += n;
    }
    return v;
}

// No prefix (text outside every section), then A preamble … H fees (IndexSchema.textPrefix).
static const char* PREFIXES[] = {"", "A", "B", "C", "D", "E", "F", "G", "H"};

static Xapian::Query word(Xapian::Database& db, const string& w, const string& shape) {
    auto c = chars(w);
    vector<string> bi;
    for (size_t i = 0; i + 1 < c.size(); ++i) bi.push_back(c[i] + c[i + 1]);
    if (shape == "plain") {
        if (bi.size() == 1) return Xapian::Query(bi[0]);
        return Xapian::Query(Xapian::Query::OP_PHRASE, bi.begin(), bi.end(), bi.size());
    }
    // The prefixes under which every bigram of the word exists (TermPresence).
    vector<string> forms;
    for (auto p : PREFIXES) {
        bool all = true;
        for (auto& b : bi) all = all && db.term_exists(p + b);
        if (all) forms.push_back(p);
    }
    if (bi.size() == 1) {
        vector<Xapian::Query> t;
        for (auto& p : forms) t.push_back(Xapian::Query(p + bi[0]));
        return Xapian::Query(Xapian::Query::OP_SYNONYM, t.begin(), t.end());
    }
    if (shape == "sections") {
        vector<Xapian::Query> branches;
        for (auto& p : forms) {
            vector<string> t;
            for (auto& b : bi) t.push_back(p + b);
            branches.push_back(Xapian::Query(Xapian::Query::OP_PHRASE, t.begin(), t.end(), t.size()));
        }
        return Xapian::Query(Xapian::Query::OP_OR, branches.begin(), branches.end());
    }
    vector<Xapian::Query> slots;
    for (auto& b : bi) {
        vector<Xapian::Query> f;
        for (auto& p : forms) f.push_back(Xapian::Query(p + b));
        slots.push_back(Xapian::Query(Xapian::Query::OP_OR, f.begin(), f.end()));
    }
    return Xapian::Query(Xapian::Query::OP_PHRASE, slots.begin(), slots.end(), slots.size());
}

int main(int argc, char** argv) {
    if (argc < 4) { fprintf(stderr, "usage: query_shapes DB plain|sections|slots REPS\n"); return 2; }
    Xapian::Database db(argv[1]);
    string shape = argv[2];
    int reps = atoi(argv[3]);
    vector<vector<string>> qs = {{"依申请公开"}, {"行政复议"}, {"保密审查"}, {"政务新媒体"}, {"最多跑一次"}, {"复议"},
                                 {"行政复议", "保密审查"}, {"依申请公开", "政务新媒体"}, {"政策解读", "政府网站"}, {"政务公开工作要点"}};
    double all = 0;
    int n = 0;
    for (int year = 0; year < 2; ++year)
        for (auto& q : qs) {
            double t0 = now();
            Xapian::doccount total = 0;
            for (int r = 0; r < reps; ++r) {
                vector<Xapian::Query> parts;
                for (auto& w : q) parts.push_back(word(db, w, shape));
                Xapian::Query query(Xapian::Query::OP_AND, parts.begin(), parts.end());
                if (year) query = Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query("Y2020"));
                Xapian::Enquire e(db);
                e.set_query(query);
                Xapian::ValueCountMatchSpy years(0), agencies(1);
                e.add_matchspy(&years);
                e.add_matchspy(&agencies);
                Xapian::MSet m = e.get_mset(0, 10, db.get_doccount());
                total = m.get_matches_estimated();
                for (auto it = agencies.top_values_begin(20); it != agencies.top_values_end(20); ++it) {}
            }
            double ms = (now() - t0) * 1000 / reps;
            all += ms;
            ++n;
            string text = q[0] + (q.size() > 1 ? " " + q[1] : "") + (year ? " year:2020" : "");
            printf("%8.3f ms  %6u  %s\n", ms, total, text.c_str());
        }
    printf("%8.3f ms  mean of %d queries (%s)\n", all / n, n, shape.c_str());
}
