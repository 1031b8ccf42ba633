CREATE TABLE t (id INT PRIMARY KEY, doc JSON, meta JSON NOT NULL);
INSERT INTO t VALUES (1, NULL, 'null'), (2, '[]', '{}'), (3, '"a \\"quoted\\" string"', '1.5e300'), (4, '{"big": 18446744073709551615, "neg": -9223372036854775808, "d": 0.1, "dec": 1.50}', '[true, false, null]');
INSERT INTO t WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 3000) SELECT n + 4, JSON_OBJECT('n', n, 'emoji', '🚀', 'list', JSON_ARRAY(n, 'x', n / 3), 'nested', JSON_OBJECT('k', CONCAT('v', n))), JSON_ARRAY(n * 1.5, 'ünï') FROM seq;
