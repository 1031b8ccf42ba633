-- The demo table: 100,000 rows, created when the MySQL container first starts.
CREATE TABLE demo.orders (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer INT NOT NULL,
  amount DECIMAL(10, 2) NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY customer_idx (customer)
);
SET SESSION cte_max_recursion_depth = 100000;
INSERT INTO demo.orders (customer, amount)
  WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
  SELECT i % 997, (i % 10000) / 100 FROM n;
