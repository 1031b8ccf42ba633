CREATE TABLE t (id INT PRIMARY KEY, e ENUM('new','paid','shipped') NOT NULL DEFAULT 'new', f ENUM('x','y') NULL, g ENUM('a','b') NULL, v VARCHAR(20) NOT NULL DEFAULT '');
INSERT INTO t WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 3000) SELECT n, ELT(1 + n % 3, 'new', 'paid', 'shipped'), ELT(1 + n % 3, 'x', 'y', NULL), ELT(1 + n % 2, 'a', 'b'), CONCAT('v', n) FROM seq;
SET SESSION sql_mode = '';
INSERT INTO t WITH RECURSIVE seq (n) AS (SELECT 3001 UNION ALL SELECT n + 1 FROM seq WHERE n < 3100) SELECT n, 'refunded', IF(n % 2 = 0, 'z', 'x'), 'c', CONCAT('v', n) FROM seq;
