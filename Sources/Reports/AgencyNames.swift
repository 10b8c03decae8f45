/// One name for one body across reports: the same agency is written with its
/// short name in one year's title and its full name in another's signature
/// (河北省科技厅 / 河北省科学技术厅), and a zone's reports are signed by its
/// management committee (平潭综合实验区管委会) or by the zone itself. The
/// canonical name is what the agency facet, `trend --by agency` and `stats`
/// group by; `inspect` shows it beside the name as written.
///
/// Rules, applied to the end of the name only (a short form elsewhere is
/// part of another word):
/// 1. a department's usual short form is written out (`shortForms`);
/// 2. a development or pilot zone's management committee is the zone
///    (`…区管委会`, `…区管理委员会` → `…区`).
/// 3. a county-level body is named from the city above it, as the report's
///    own region names it: 洪泽区人民政府 in a report whose text names
///    淮安市洪泽区 is 淮安市洪泽区人民政府, and 江苏省淮安市洪泽区人民政府 drops
///    the province (`canonical(_:places:region:)`).
/// Nothing is added that the text does not say (no place the report does not name).
public enum AgencyNames {
    /// Short forms of department names and their full forms, as the State
    /// Council's organ names write them; longest first where one ends another.
    static let shortForms: [(short: String, full: String)] = [
        ("人社厅", "人力资源和社会保障厅"), ("人社局", "人力资源和社会保障局"),
        ("科技厅", "科学技术厅"), ("科技局", "科学技术局"), ("科委", "科学技术委员会"),
        ("工信厅", "工业和信息化厅"), ("工信局", "工业和信息化局"), ("经信委", "经济和信息化委员会"),
        ("发改委", "发展和改革委员会"), ("住建厅", "住房和城乡建设厅"), ("住建局", "住房和城乡建设局"),
        ("卫健委", "卫生健康委员会"), ("市监局", "市场监督管理局"), ("教委", "教育委员会"),
        ("文旅厅", "文化和旅游厅"), ("文旅局", "文化和旅游局"), ("医保局", "医疗保障局"),
        ("应急厅", "应急管理厅"), ("应急局", "应急管理局"), ("国资委", "国有资产监督管理委员会"),
        ("民宗委", "民族宗教事务委员会"), ("人防办", "人民防空办公室"),
    ]

    /// Zone names whose management committee reports for them.
    static let zoneEndings = ["实验区", "开发区", "新区", "高新区", "示范区", "合作区", "试验区"]
    static let committeeEndings = ["管委会", "管理委员会"]

    /// The canonical name of an agency as written, with the place units it starts with (`places`:
    /// 淮安市, 洪泽区) and the report's region in units (江苏省, 淮安市, 洪泽区): a body under a city
    /// is named from that city, whether the report writes the city, the province too, or neither.
    public static func canonical(_ written: String, places: [String], region: [String]) -> String {
        var name = canonical(written)
        guard let first = places.first else { return name }
        if places.count >= 2, isProvince(first), isCity(places[1]) {
            return String(name.dropFirst(first.count))
        }
        if isCountyLevel(first), let at = region.firstIndex(of: first), at > 0, isCity(region[at - 1]) {
            name = region[at - 1] + name
        }
        return name
    }

    /// A prefecture-level city (淮安市) or a city of province rank (上海市).
    static func isCity(_ unit: String) -> Bool {
        Gazetteer.table[unit] != nil && unit.hasSuffix("市") || MetadataExtractor.provinceLevelCities.contains(u(unit))
    }
    static func isProvince(_ unit: String) -> Bool { unit.hasSuffix("省") || unit.hasSuffix("自治区") }
    /// A district, county or banner, or a county-level city (瑞安市): a unit under a city.
    static func isCountyLevel(_ unit: String) -> Bool {
        (unit.hasSuffix("区") || unit.hasSuffix("县") || unit.hasSuffix("旗") || unit.hasSuffix("市")) && !isCity(unit) && !isProvince(unit)
    }

    /// The canonical name of an agency as written, by its ending alone (short forms, zone committees).
    public static func canonical(_ written: String) -> String {
        var name = written
        for ending in committeeEndings where name.hasSuffix(ending) {
            let zone = String(name.dropLast(ending.count))
            if zoneEndings.contains(where: zone.hasSuffix) { name = zone }
            break
        }
        for (short, full) in shortForms where name.hasSuffix(short) && !name.hasSuffix(full) {
            name = String(name.dropLast(short.count)) + full
            break
        }
        return name
    }
}
