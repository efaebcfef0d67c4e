// Split an order into shipments per node; lines without stock go to backorder.
var shipments = {};
var backorder = [];
var skuPattern = /^[A-Z]{3}-\d+$/;   // a regex with { and } and a / inside a class: /[/]/
var note = "while (true) {} is only text here";

function nodeFor(line) {__omsflow_guard(7);
  for (var i = 0; i < input.nodes.length; i++)
    {__omsflow_guard(9);if (input.nodes[i].stock[line.sku] >= line.qty) return input.nodes[i].id;}
  return null;
}

input.order.lines.forEach(function (line) {__omsflow_guard(13);
  if (!skuPattern.test(line.sku)) throw new TypeError(`bad sku ${line.sku} on line ${line.no}`);
  var node = nodeFor(line);
  if (node === null) { backorder.push(line.no); return; }
  (shipments[node] = shipments[node] || []).push(line.no)
});

var attempts = 0;
do {__omsflow_guard(21);attempts++}
while (attempts < 3 && backorder.length > 0 && false)

var labels = { get count() {__omsflow_guard(24); return Object.keys(shipments).length; }, describe(prefix) {__omsflow_guard(24); return prefix + ': ' + this.count; } };
var total = 0, k;
for (k in shipments) {__omsflow_guard(26);total += shipments[k].length;}
/* for (;;) {} in a comment */
var prefix = `${total} lines`;   // Jurassic 3.2.4 mis-evaluates a template that starts with ${ when passed directly as an argument
return { shipments: shipments, backorder: backorder, summary: labels.describe(prefix), ratio: total / (total + backorder.length) / 1 };
