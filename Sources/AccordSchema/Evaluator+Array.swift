import AccordJSON

extension Evaluator {
    mutating func validateArray(_ c: ArrayConstraints, _ node: SchemaNode, _ i: Int) -> Bool {
        var valid = true
        let count = reader.count(i)
        if let min = c.minItems, count < min {
            sink.fail(node, "minItems") { tape in "the array has \(count) items, fewer than \(min)" }
            if !Sink.collects { return false }
            valid = false
        }
        if let max = c.maxItems, count > max {
            sink.fail(node, "maxItems") { tape in "the array has \(count) items, more than \(max)" }
            if !Sink.collects { return false }
            valid = false
        }
        if !c.prefixItems.isEmpty || c.items != nil {
            var item = i + 1
            for k in 0..<count {
                let schema: SchemaNode
                if k < c.prefixItems.count {
                    schema = c.prefixItems[k]
                    sink.pushKeyword(c.prefixKeyword == "items" ? "items" : "prefixItems", index: k)
                } else if let items = c.items {
                    schema = items
                    sink.pushKeyword(c.itemsKeyword)
                } else {
                    break
                }
                sink.pushIndex(k)
                let ok = validate(schema, item)
                sink.popInstance()
                sink.popKeyword()
                if !ok {
                    if !Sink.collects { return false }
                    valid = false
                }
                item = reader.next(item)
            }
        }
        if let contains = c.contains {
            var matches = 0
            var item = i + 1
            for _ in 0..<count {
                if isValid(contains, item) { matches += 1 }
                if let max = c.maxContains, matches > max { break }
                if c.maxContains == nil && matches >= c.minContains { break }
                item = reader.next(item)
            }
            if matches < c.minContains {
                let minContains = c.minContains
                sink.fail(node, "contains") { _ in
                    minContains == 1
                        ? "the array has no item that matches \"contains\""
                        : "the array has \(matches) items matching \"contains\", fewer than minContains \(minContains)"
                }
                if !Sink.collects { return false }
                valid = false
            }
            if let max = c.maxContains, matches > max {
                sink.fail(node, "maxContains") { tape in "the array has more than \(max) items matching \"contains\"" }
                if !Sink.collects { return false }
                valid = false
            }
        }
        if c.uniqueItems, count > 1, let (a, b) = firstDuplicate(i) {
            sink.fail(node, "uniqueItems") { tape in "items \(a) and \(b) are equal, but items must be unique" }
            if !Sink.collects { return false }
            valid = false
        }
        return valid
    }

    /// Indexes of the first two equal items, if any.
    func firstDuplicate(_ i: Int) -> (Int, Int)? {
        var nodes: [Int] = []
        nodes.reserveCapacity(reader.count(i))
        var item = i + 1
        for _ in 0..<reader.count(i) {
            nodes.append(item)
            item = reader.next(item)
        }
        for a in 0..<nodes.count {
            for b in (a + 1)..<nodes.count where reader.equals(nodes[a], nodes[b]) { return (a, b) }
        }
        return nil
    }
}
