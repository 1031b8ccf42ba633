CREATE TABLE t (id INT PRIMARY KEY, status VARCHAR(20) NULL, kind ENUM('small','large') NOT NULL DEFAULT 'small', note CHAR(8) NOT NULL DEFAULT '');
INSERT INTO t WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 3000) SELECT n, ELT(1 + n % 6, 'new', 'PAID', 'Shipped', 'paid ', NULL, 'NEW  '), ELT(1 + n % 2, 'small', 'large'), ELT(1 + n % 2, 'Small', 'LARGE') FROM seq;
