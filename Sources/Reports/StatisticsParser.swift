enum StatisticsParser {
    static func parse(_ s: [U], sections: [Section]) -> (Statistics?, [CheckFailure]) { (nil, []) }
}
