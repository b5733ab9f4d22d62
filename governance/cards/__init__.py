"""Model cards: typed objects, SageMaker and Hugging Face export."""
