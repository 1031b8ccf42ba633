CREATE TABLE t (id INT PRIMARY KEY, flag ENUM('0','1') NOT NULL DEFAULT '0', e1 ENUM('0','1','2020') NULL, e2 ENUM('x','y','z') NULL, e3 ENUM('0','1','2020') NULL, e4 ENUM('0','1','2020') NULL, e5 ENUM('0','1','2020') NULL, s1 SET('a','b','c') NOT NULL DEFAULT '', s2 SET('1','2','4') NULL);
INSERT INTO t WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 3000) SELECT n, ELT(1 + n % 2, '0', '1'), ELT(1 + n % 4, '0', '1', '2020', NULL), ELT(1 + n % 4, 'x', 'y', 'z', NULL), ELT(1 + n % 3, '0', '1', '2020'), ELT(1 + n % 3, '2020', '0', '1'), ELT(1 + n % 3, '1', '2020', '0'), ELT(1 + n % 4, '', 'a', 'b,c', 'a,b,c'), ELT(1 + n % 4, '', '1', '2,4', NULL) FROM seq;
SET SESSION sql_mode = '';
INSERT INTO t (id, flag, e1, e2) VALUES (3001, '1', 'nope', 'nope');
