ADD CONSTRAINT k_not_negative CHECK (k >= 0)
