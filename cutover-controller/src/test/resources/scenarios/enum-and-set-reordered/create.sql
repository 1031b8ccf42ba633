CREATE TABLE t (id INT PRIMARY KEY, e ENUM('small','medium','large') NOT NULL DEFAULT 'small', s SET('a','b','c','d'), e2 ENUM('x','y') NULL);
INSERT INTO t WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 3000) SELECT n, ELT(1 + n % 3, 'small', 'medium', 'large'), ELT(1 + n % 5, '', 'a', 'a,c', 'b,d', 'a,b,c,d'), IF(n % 4 = 0, NULL, 'y') FROM seq;
