"""The Financing view: how the extra is paid for, debt with and without the uplift, the interest bill, growth risk."""
