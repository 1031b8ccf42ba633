CREATE TABLE t (id INT PRIMARY KEY, c CHAR(10), vc VARCHAR(300), tt TINYTEXT, tx TEXT, mt MEDIUMTEXT, c4 VARCHAR(50) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin, l1 VARCHAR(50) CHARACTER SET latin1, u3 VARCHAR(50) CHARACTER SET utf8mb3) DEFAULT CHARSET utf8mb4;
INSERT INTO t VALUES (1, '', '', '', '', '', '', '', '');
INSERT INTO t VALUES (2, 'a  ', 'a  ', ' b ', 'tab\there', 'new\nline', '😀🎉', 'é à ü', 'ü€');
INSERT INTO t VALUES (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO t WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 3000) SELECT n + 3, LEFT(MD5(n), 10), REPEAT(CONCAT('ünï', n), 10), MD5(n), REPEAT('x', n % 300), REPEAT('yz', n), CONCAT('🚀', n), CONCAT('café ', n), CONCAT('€ ', n) FROM seq;
