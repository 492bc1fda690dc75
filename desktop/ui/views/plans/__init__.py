"""The Plans vs pledge view: announced national plans against a reference such as the Hague pledge."""
