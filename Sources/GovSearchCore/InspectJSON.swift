import Reports

/// The `inspect --json` object: every object's keys in sorted order (scripts
/// and the documented examples rely on that), unknown values `null`, whole
/// numbers without a decimal point.
extension InspectRecord: JSONWritable {
    public func write(to w: JSONWriter) { w.object { writeMembers(to: w) } }

    /// `inspect --json` of a file the index holds: `"index"` names its report, the report's
    /// primary and copies, and the figures its copies give otherwise (null: not in the index).
    public func write(to w: JSONWriter, indexed: StoredReport?) {
        w.object {
            writeMembers(to: w, extra: [("index", {
                guard let r = indexed else { return w.null() }
                w.object {
                    w.key("id"); w.string(r.id)
                    w.key("primary"); w.string(r.path)
                    w.copies(r.copies)
                    w.key("disagreements")
                    w.array { for d in r.disagreements { w.element(); d.write(to: w) } }
                }
            })])
        }
    }

    /// The members alone, for an object that adds its own (the API's report view).
    public func writeMembers(to w: JSONWriter, extra: [(String, () -> Void)] = []) {
        w.members(sorted: extra + [
            ("path", { w.string(path) }), ("title", { w.optionalString(title) }), ("year", { w.optionalInt(year) }),
            ("agency", { w.optionalString(agency) }), ("agency_written", { w.optionalString(agency_written) }),
            ("region", { w.optionalString(region) }), ("level", { w.optionalString(level) }),
            ("format", { w.optionalString(format) }),
            ("sections", { w.array { for s in sections { w.element(); s.write(to: w) } } }),
            ("statistics", { statistics.write(to: w) }),
            ("checks", { w.array { for c in checks { w.element(); c.write(to: w) } } }),
            ("warnings", { w.array { for m in warnings { w.element(); w.string(m) } } }),
            ("ocr", { w.bool(ocr) }),
            ("provenance", {
                w.object {
                    for (fig, s) in provenance.sorted(by: { $0.key < $1.key }) {
                        w.key(fig)
                        w.object { w.key("how"); w.string(s.how); w.key("line"); w.int(s.line) }
                    }
                }
            }),
            ("nulls", { w.object { for (fig, why) in nulls.sorted(by: { $0.key < $1.key }) { w.key(fig); w.string(why) } } }),
        ])
    }
}

extension InspectRecord.SectionInfo: JSONWritable {
    public func write(to w: JSONWriter) {
        w.object {
            w.members(sorted: [("key", { w.string(key) }), ("heading", { w.string(heading) }), ("line", { w.int(line) }),
                               ("start", { w.int(start) }), ("end", { w.int(end) })])
        }
    }
}

extension InspectRecord.StatsInfo: JSONWritable {
    public func write(to w: JSONWriter) {
        w.object {
            w.key("appeals"); if let appeals { appeals.write(to: w) } else { w.null() }
            w.key("proactive")
            if let proactive {
                w.object {
                    for (item, columns) in proactive.sorted(by: { $0.key < $1.key }) {
                        w.key(item)
                        w.object { for (c, v) in columns.sorted(by: { $0.key < $1.key }) { w.key(c); w.shortest(v) } }
                    }
                }
            } else { w.null() }
            w.key("requests"); if let requests { requests.write(to: w) } else { w.null() }
        }
    }
}

extension RequestStatistics: JSONWritable {
    public func write(to w: JSONWriter) {
        w.object {
            for name in RequestStatistics.rowNames.sorted() {
                w.key(name)
                if let row = self[name] { row.write(to: w) } else { w.null() }
            }
        }
    }
}

extension ApplicantRow: JSONWritable {
    public func write(to w: JSONWriter) {
        var members: [(String, () -> Void)] = zip(ApplicantRow.columns, values).map { column, v in (column, { w.optionalInt(v) }) }
        if let items {
            members.append(("items", {
                w.object { for (k, row) in items.sorted(by: { $0.key < $1.key }) { w.key(k); row.write(to: w) } }
            }))
        }
        w.object { w.members(sorted: members) }
    }
}

extension AppealStatistics: JSONWritable {
    public func write(to w: JSONWriter) {
        w.object {
            w.members(sorted: [("reconsideration", reconsideration), ("litigation_direct", litigation_direct),
                               ("litigation_after_reconsideration", litigation_after_reconsideration)].map { name, row in
                (name, { if let row { row.write(to: w) } else { w.null() } })
            })
        }
    }
}

extension AppealRow: JSONWritable {
    public func write(to w: JSONWriter) {
        w.object {
            w.members(sorted: zip(["upheld", "corrected", "other", "pending", "total"], values).map { name, v in (name, { w.optionalInt(v) }) })
        }
    }
}

extension CheckFailure: JSONWritable {
    public func write(to w: JSONWriter) {
        w.object {
            var members: [(String, () -> Void)] = [("rule", { w.string(rule) }), ("expected", { w.int(expected) }),
                                                   ("found", { w.int(found) }), ("message", { w.string(message) })]
            if let row { members.append(("row", { w.string(row) })) }
            w.members(sorted: members)
        }
    }
}
