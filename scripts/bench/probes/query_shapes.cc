// Times Xapian alone on one query shape over an index, as govsearch's --batch asks it (BM25,
// year and agency ValueCountMatchSpy, exact totals): what the section design costs a query,
// without the Swift around it. docs/scaling.md quotes it.
//
//   g++ -O2 -o query_shapes query_shapes.cc -lxapian
//   ./query_shapes REFERENCE_DB plain 20     # the reference's plain bigram phrases
//   ./query_shapes GOVSEARCH_INDEX sections 20   # OR of one PHRASE per section form
//   ./query_shapes GOVSEARCH_INDEX slots 20      # one PHRASE whose slots OR the forms (govsearch now)
//   ./query_shapes GOVSEARCH_INDEX skip 20       # the same, inner bigrams left out where exact
#include <xapian.h>
#include <algorithm>
#include <array>
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
    // "skip": leave out inner bigrams, never two side by side nor a doubled character (c c), so
    // the kept ones still cover every character; choose the left-out ones to keep the summed
    // frequency of the kept ones least.
    vector<bool> keep(bi.size(), true);
    if (shape == "skip" && bi.size() >= 3) {
        size_t n = bi.size();
        vector<double> freq(n, 0);
        for (size_t i = 0; i < n; ++i)
            for (auto& p : forms) freq[i] += db.get_termfreq(p + bi[i]);
        double rarest = *min_element(freq.begin(), freq.end());
        // best[i][k]: least summed frequency of kept bigrams 0..i, bigram i kept (k = 1) or left out (k = 0).
        vector<array<double, 2>> best(n, {1e300, 1e300});
        vector<array<int, 2>> from(n, {-1, -1});
        best[0][1] = freq[0];
        for (size_t i = 1; i < n; ++i) {
            bool k0 = best[i - 1][0] <= best[i - 1][1];
            best[i][1] = min(best[i - 1][0], best[i - 1][1]) + freq[i];
            from[i][1] = k0 ? 0 : 1;
            auto cc = chars(bi[i]);
            // The rarest bigram stays: it is what makes Xapian's AND skip.
            if (i + 1 < n && cc[0] != cc[1] && freq[i] >= 2 * rarest) { best[i][0] = best[i - 1][1]; from[i][0] = 1; }
        }
        int k = 1;
        for (size_t i = n; i-- > 0;) { keep[i] = k == 1; k = from[i][k]; }
    }
    vector<Xapian::Query> slots;
    for (size_t i = 0; i < bi.size(); ++i) {
        if (!keep[i]) continue;
        vector<Xapian::Query> f;
        for (auto& p : forms) f.push_back(Xapian::Query(p + bi[i]));
        slots.push_back(Xapian::Query(Xapian::Query::OP_OR, f.begin(), f.end()));
    }
    return Xapian::Query(Xapian::Query::OP_PHRASE, slots.begin(), slots.end(), bi.size());
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
